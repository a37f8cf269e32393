"""The tone check's rules, kept as data: patterns over the shape of a sentence.

Each rule is a regular expression, matched case-insensitively and whole-word on
one sentence at a time (curly apostrophes read as straight ones, and words
inside double quotes, which are what she said to the child, left out). A rule
may name:

    unless  a warm phrase that, where it covers the match, leaves it alone
            ('you should be proud', 'no wrong way', 'she must have loved')
    needs   something else the sentence must hold ('because you' is blame only
            where the child was hurt or upset: 'he laughed because of you' is warm)
    where   'clause-start' (an order: 'Don't ...' opens a clause) or 'her-act'
            (grudging praise: 'finally' about what she did, not 'he finally slept')

A rule's suggestion and reason, when it has its own, are templates as in
wording.py; otherwise its category's are used.
"""

from __future__ import annotations

from dataclasses import dataclass

from vipp_session.tone.wording import HER, HOMEWORK, OFFER


@dataclass(frozen=True)
class Rule:
    category: str
    pattern: str
    unless: str = ""
    needs: str = ""
    where: str = "anywhere"
    clinician: bool = False  # also flagged in notes only clinicians read
    suggestion: str = ""  # empty: the category's own
    reason: str = ""  # empty: the category's own


# --- building blocks -------------------------------------------------------------

ADV = r"(?:(?:just|really|completely|totally|simply|then|also|still|clearly|obviously|quite|" \
      r"even|maybe|perhaps|probably|definitely|certainly|always|sometimes|often|usually|" \
      r"tend to|seem to|kind of|a bit)\s+)?"
CHILD = r"(?:him|her|them|me|the baby|your baby|your (?:son|daughter|child|little one|boy|girl))"
MODAL = r"(?:could|should|would|might|may|must|ought to)(?:n't| not)?"
HAVE = r"(?:'ve|\s+(?:\w+ly\s+|just\s+|really\s+|maybe\s+|perhaps\s+|even\s+)?have|\s+of)"
# a hurt, upset or turned-away child, or something rough that she did
HURT = (r"\b(?:cr(?:y|ies|ied|ying)|tears?|upset\w*|distress\w*|frighten\w*|scared?|afraid|"
        r"jump(?:s|ed)?|startled?|turn(?:s|ed)? away|look(?:s|ed)? away|pull(?:s|ed)? away|"
        r"lost interest|los(?:es|e) interest|g(?:ave|ives?) up|throw(?:s|n)?|threw|hid(?:es|e)?|"
        r"hiding|won't|can't settle|didn't settle|doesn't settle|stop(?:s|ped)? (?:laughing|"
        r"smiling|playing|babbling)|tantrums?|meltdowns?|angry|cross|grumpy|sad|withdr\w*|"
        r"fuss\w*|whin\w*|scream\w*|shout\w*|snatch\w*|grab\w*|rush\w*|too \w+|walked away|"
        r"left|leave|leaving|react\w*|sharp\w*|loud\w*|took (?:it|\w+|the \w+) away|"
        r"tak(?:e|ing) (?:it|\w+|the \w+) away|ignor\w*|phone|hurt|bit|bites?|hit|"
        r"worse|stressed|tense|tenses|flinch\w*|froze|freez\w*|unsettled|clingy|difficult|"
        r"stiffen\w*|squirm\w*|arch(?:es|ed)|pull(?:s|ed)? back|wriggl\w* away)\b")
# a sentence that tells her what to do: an imperative opening, or advice
ADVICE = (r"^\W*(?:please\s+|just\s+|now,?\s+)?(?:do|practi[sc]e|try|spend|play|read|sing|set|"
          r"make|keep|give|put|sit|talk|use|take|find|repeat|aim|plan|get|choose|copy|follow|"
          r"name|say|tell|wait|remember|let|have|start|begin|build|show|stop|don't)\b|"
          r"\btry\b|\byou (?:could|can|might|need|should|must|will|'ll|have to)\b|make sure|"
          r"\bremember\b")
SUBJECT_YOU = r"\byou\b"

RULES: tuple[Rule, ...] = (
    # --- hindsight ----------------------------------------------------------------
    Rule("hindsight", rf"you {ADV}{MODAL}{HAVE}",
         unless=r"you (?:must|would|might)(?:'ve| have) (?:been|felt) (?:so |really |very |"
                r"a bit |quite )?(?:tired|proud|worried|exhausted|scared|frightened|pleased|"
                r"happy|relieved|delighted|thrilled|shattered|anxious|nervous)\w*"
                r"|you (?:must|would|might)(?:'ve| have) (?:loved|enjoyed|liked|felt)"
                r"|you (?:could|might|may|can) (?:\w+ )?have (?:a go|a try|a look|another go|"
                r"fun|a think|a chat)|you (?:could|might)(?:'ve| have) [^.!?;]*\bbut you\b"),
    Rule("hindsight", rf"(?:could|should|would|might)(?:n't)? you (?:not )?(?:have|'ve)"),
    Rule("hindsight", r"(?:would|might|could|may)(?:'ve| have)? (?:\w+ )?(?:been|be) (?:a (?:bit|"
                      r"little|lot) |much |far |even )?(?:better|nicer|kinder|easier|best|"
                      r"more helpful|preferable|wiser|a good idea|good|lovely|nice|great)"
                      r"|(?:would|might|could)(?:'ve| have) (?:worked|gone|come across|felt) "
                      r"(?:a (?:bit|little|lot) )?(?:better|best|nicer|kinder|easier|smoother|"
                      r"calmer|more \w+|less \w+)"
                      r"|(?:would|might|could)(?:'ve| have) helped",
         unless=r"couldn't have (?:been|looked|felt|gone) (?:any )?(?:better|happier|nicer)"
                r"|(?:would|might|could) (?:\w+ )?be (?:\w+ )?(?:nice|lovely|great|good) "
                r"(?:to|for) "
                r"(?:see|watch|share|look)"),
    Rule("hindsight", r"if (?:only )?you had (?!a |an |the |some |any |to |fun |time |enough "
                      r"|your |no )\w+|if (?:only )?you'd (?:\w+ed|been|seen|done|given|taken|"
                      r"let|held|known|gone|put|sat|kept|said|told)\b|had you (?:\w+ed|been|seen|"
                      r"done|given|taken|let|held|known|gone|put|sat|kept|said|told)\b|if only"),
    Rule("hindsight", r"ideally|in an ideal world|the ideal (?:thing|would|is)"),
    Rule("hindsight", r"next time(?=,? (?:you|try|let|sit|give|wait|don't|do|make|remember|get|put|"
                      r"say|use|stay|be|keep|maybe|perhaps|if|when|see)\b|[^.!?]*\b(?:instead of|"
                      r"rather than)\b)"),
    Rule("hindsight", r"(?:it's |it is |it was |much |far |a lot )?better (?:to have|to|if you|if)"
                      r"(?= (?:you|have|wait|let|give|say|tell|sit|leave|stay|keep|try|hold|"
                      r"pick|put|get|go|be|ask|offer|show|use)\b)",
         unless=r"feel(?:s|ing)? better|get(?:s|ting)? better|better to (?:see|watch)"),
    # --- blame by cause -------------------------------------------------------------
    Rule("blaming", r"because (?:of )?(?:you|your)\b|(?:due to|as a result of|thanks to) "
                    r"(?:you|your)\b|(?:since|as) you (?:were|are) (?:so |too )",
         needs=HURT,
         unless=r"(?:not|isn't|wasn't|never|n't) (?:just |only )?because (?:of )?(?:you|your)"),
    Rule("blaming", r"(?:from|by) the way you\b", needs=HURT),
    Rule("blaming", rf"you {ADV}(?:made|make|makes|got|get) {CHILD} (?:\w+ ){{0,2}}?(?:cry|"
                    r"cries|cried|jump|jumped|upset|sad|scared|frightened|angry|cross|worried|wait|"
                    r"nervous|anxious|flinch|flinched|startle|startled|withdraw|pull away|"
                    r"turn away|give up|tense|panic|scream|fuss|whine|grumpy|jumpy|"
                    r"unsettled|wary)\b"),
    Rule("blaming", rf"you {ADV}(?:frightened|scared|upset|startled|hurt|confused|overwhelmed|"
                    r"annoyed|rushed|pushed|pressured|overstimulated|spooked|unsettled|"
                    rf"wound up|stressed|pressur\w+) {CHILD}"),
    Rule("blaming", r"your (?:\w+ ){1,2}?(?:is |was )?(?:what |that |which )?(?:upsets?|"
                    r"upsetting|frightens?|frightened|scares?|scared|distress\w*|worr(?:ies|ied)|"
                    r"annoys?|overwhelms?|confuses?|triggers?|triggered|unsettles?|stresses|"
                    r"(?:sets?|puts?) (?:him|her|them) off|gets? in the way|got in the way|"
                    r"(?:is|was) the reason|makes? (?:him|her|them) (?:cry|upset|sad|scared|"
                    r"angry|cross|jump))"),
    Rule("blaming", r"you(?:'re| are| were) (?:the |a |part of the )?(?:reason|cause|problem)"),
    Rule("blaming", r"(?:your|her) fault|to blame|blam(?:e|es|ed|ing)|you caused",
         unless=r"(?:don't|do not|never|try not to) blame yourself"),
    Rule("blaming", r"(?:that's|that is|which is|this is) why", needs=HURT + r"[^.!?]*\byou\b"
         r"|\byou\b[^.!?]*" + HURT),
    # --- grudging praise --------------------------------------------------------------
    Rule("grudging", r"finally|at (?:long )?last|actually|for once|for a change|surprisingly|"
                     r"amazingly|believe it or not|who knew|wonders will never cease",
         where="her-act"),
    Rule("grudging", r"even you\b"),
    Rule("grudging", r"this time,? you\b|(?:much |a lot |far |so much |way )?better than (?:last "
                     r"time|before|usual|last week|ever)|more than (?:last time|usual)|unlike "
                     r"(?:last time|before|usual)|compared (?:to|with) (?:last time|before)"),
    Rule("grudging", r"you (?:\w+ )?managed(?: to)?\b|you (?:\w+ )?remembered to\b"),
    # --- character words: about the child -------------------------------------------
    Rule("character", r"needy|clingy|naughty|naughtiness|manipulat\w*|attention[- ]"
                      r"seek\w*|testing (?:the |your |my |his |her |their )?(?:boundaries|limits|"
                      r"patience)|testing you|push(?:es|ing)? (?:your |the )?(?:buttons|"
                      r"boundaries|limits)|winds? you up|winding you up|wound you up|"
                      r"play(?:s|ing)? you(?! a\b| some| the| his| her| their| that| this| "
                      r"songs?| music)|spoil(?:t|ed)|brat(?:ty)?|madam|monster|"
                      r"little (?:terror|devil|horror|sod|minx|so-and-so)|a terror|"
                      r"(?:a |such a )?handful|(?:is|was|'s|being|such) (?:a |such a )?nightmare|"
                      r"whin(?:y|ey|ing|er|ger|ges?|ged)|"
                      r"whing(?:ey|y|ing|e|es|ed|er)|stubborn|defiant|disobedien(?:t|ce)|"
                      r"bad-tempered|difficult (?:child|baby|toddler|one|boy|girl|little \w+)|"
                      r"terrible twos|misbehav\w*|acting up|acts up|playing up|plays up|stroppy|"
                      r"sulky|sulking|moody|bossy|drama queen|over-?dramatic|cry-?baby|"
                      r"tantrums?|meltdowns?|demanding|controlling|greedy|lazy|selfish|"
                      r"mardy|whingy|fussy eater|a fusspot",
         unless=r"demanding (?:day|days|week|weeks|job|time|times|morning|night|nights|task|"
                r"year|routine|schedule)|not (?:being )?(?:\w+ )?naughty|"
                r"(?:tickle|cookie|bath|friendly|silly) monsters?|monster (?:game|truck|book|"
                r"noises?|voice)|lazy (?:day|morning|afternoon|sunday|weekend|moment)"),
    # --- character words: about her -------------------------------------------------
    Rule("character", r"(?:you(?:'re| are| were| was| seem(?:ed)?| look(?:ed)?| sound(?:ed)?|"
                      r" can be| could be| come across(?: as)?| came across(?: as)?| get| got|"
                      r" became| become| appear(?:ed)?)|(?:mum|mummy|mama|mom|mommy|mother)"
                      r"(?:'s| is| was| seems?| seemed| looks?| looked| sounds?| sounded| can be|"
                      r" comes across(?: as)?| came across(?: as)?| gets| got| appears?|"
                      r" appeared))(?: (?:a bit|a little|quite|so|very|"
                      r"rather|really|pretty|far|a touch|fairly|slightly|bit|too|maybe|perhaps|"
                      r"sometimes|often))* (?:cold|rough|harsh|distant|distracted|impatient|"
                      r"irritable|snappy|sharp|abrupt|bossy|controlling|intrusive|detached|"
                      r"switched off|stern|strict|tense|stressed|frantic|hasty|"
                      r"clumsy|awkward|stiff|wooden|unresponsive|insensitive|withdrawn|"
                      r"disengaged|uninterested|bored|miles away|elsewhere|in your own world|"
                      r"on edge|uptight|heavy-handed|forceful|pushy|over the top|overbearing|"
                      r"over-?protective|over-?anxious|aggressive|hostile|annoyed|irritated|"
                      r"fed up|frustrated|lazy|selfish|careless|cross with|angry with|"
                      r"short with|not interested|not bothered|too \w+)\b",
         suggestion=HER),
    Rule("character", r"(?:too|far too|a bit too|rather too|way too|a little too) (?:loud|loudly|"
                      r"rough|roughly|harsh|harshly|quick|quickly|fast|busy|strict|sharp|sharply|"
                      r"cold|distracted|intense|hard|firm|firmly|forceful|forcefully|impatient|"
                      r"hasty|hastily|noisy|serious|stern|sternly|controlling|soon|close|"
                      r"pushy|bossy|intrusive|anxious|tense|stressed|tired to|wrapped up|long|"
                      r"soft|lenient|easy on|permissive|late)\b",
         needs=SUBJECT_YOU, suggestion=HER),
    Rule("character", r"not (?:very |that |so |really |always |particularly )?(?:good|great) at|"
                      r"(?:bad|hopeless|rubbish|terrible|useless|no good) at|you (?:\w+ )?"
                      r"struggl\w+(?: to| with)?|you (?:\w+ ){0,2}?find it (?:hard|difficult|"
                      r"tricky) to|you can't seem "
                      r"to|you never seem to|you don't seem to|you didn't seem to",
         needs=SUBJECT_YOU, suggestion=HER),
    Rule("character", r"harsh(?:ly)?|hostile|intrusive|insensitive|unresponsive|chaotic|volatile|"
                      r"erratic|over-?bearing|irresponsible|neglectful", suggestion=HER),
    # --- what she did, told as rough or intrusive ---------------------------------------
    Rule("judging", rf"you {ADV}(?:overreact\w*|snapped|snap at|interrupt(?:ed|s)?|took over|"
                    r"take over|taking over|snatched|shouted at|yelled|screamed at|raised your "
                    r"voice|lost your (?:temper|patience|cool)|got (?:so |really |very |a bit |"
                    r"quite )?(?:cross|angry|annoyed|frustrated|irritated|impatient|wound up|"
                    rf"stressed|short) (?:with|at)|told {CHILD} off|scolded|nagged|"
                    rf"pushed {CHILD}|forced {CHILD}|hurried {CHILD}|cut {CHILD} off|talked over|"
                    r"kept (?:on )?(?:taking|grabbing|interrupting|correcting|telling|pulling)|"
                    r"keep (?:on )?(?:taking|grabbing|interrupting|correcting|telling|pulling|"
                    rf"stopping|doing it for)|talks? over|interrupt|cut {CHILD} off|snatch|"
                    rf"take over|pull(?:ed)? {CHILD} away|cut (?:the|his|her|their) (?:\w+ )?"
                    r"short|took (?:it|the \w+|\w+) (?:off|from) (?:him|her|them) before)\b",
         suggestion=HER),
    Rule("judging", r"without (?:asking|warning|waiting|looking|saying|telling|a word|"
                    r"letting (?:him|her|them))", needs=r"\byou\b(?![^.!?,;]*\b(?:he|she|they)\b"
                    r"[^.!?,;]*without)", suggestion=HER),
    Rule("blaming", r"learn(?:ed|t|s|ing)? (?:that |this |it |to \w+ )?from (?:you|watching you|"
                    r"seeing you)|(?:has|have|'s|'ve) learn(?:ed|t) not to|learn(?:ed|t) not to|"
                    r"rub(?:s|bing|bed)? off on (?:him|her|them)|"
                    r"(?:gets|got|picks up|picked up|takes|took) (?:that|it|this) from you",
         needs=HURT + r"|not to|rub"),
    Rule("character", r"wrapped (?:a)?round (?:his|her|their) little finger|has you wrapped|"
                      r"(?:he|she|they)(?:'s| is| was| are| were|'re)(?: being)?(?: (?:so|really|"
                      r"very|quite|a bit|such))? (?:difficult|hard work|a handful|trouble|a pain|"
                      r"a menace|a little madam|impossible)\b"),
    Rule("grudging", r"(?:doing|going) (?:so |really |very )?well until you|(?:much |a lot |far |"
                     r"so much )?better at (?:this|it) than (?:before|last time|usual)|"
                     r"not your (?:best|finest|proudest) (?:moment|day|hour|bit)"),
    Rule("omission", r"(?:but|and|yet|while|then) you (?:\w+ly )?(?:turn(?:ed|s)? away|"
                     r"look(?:ed|s)? away|carr(?:y|ied|ies) on|kept (?:on )?\w+ing|"
                     r"keep (?:on )?\w+ing|went on|walk(?:ed|s)? away|moved on|pull(?:ed|s)? away)"
                     r"\b(?! (?:the|a|an|his|her|their|your|from the (?:stove|oven|plug|road)))"
                     r"|you (?:\w+ly )?(?:(?:turn(?:ed)?|look(?:ed)?|walk(?:ed)?) away|"
                     r"(?:pull(?:ed)?|moved|stepped) (?:away|back))(?! (?:the|a|an|his|her|"
                     r"their|your|from the (?:stove|oven|plug|road|fire|stairs)))"
                     r"|you kept (?:on )?\w+ing (?:when|while|even though|although|after) "
                     r"(?:he|she|they)\b|(?:felt|feel|feels|feeling) (?:ignored|left out|"
                     r"forgotten|unwanted|unloved|rejected|invisible|unseen|alone)"
                     r"|not used to (?:you|being (?:held|played with|cuddled|talked to|noticed))",
         unless=r"(?:you |and you |but you )?(?:turn(?:ed)?|look(?:ed)?|step(?:ped)?|moved) "
                r"(?:away|back) (?:for a (?:moment|second|bit)|briefly|to (?:get|fetch|grab|"
                r"find|let|give)\b)"),
    Rule("commanding", r"needs? (?:you to (?:be )?(?:more|less|calmer|quieter|gentler|softer|"
                       r"slower|\w+ (?:more|less))|more from you)|not (?:how|what) we (?:agreed|"
                       r"discussed|talked about|practised|practiced)|(?:like|as) we (?:agreed|"
                       r"discussed|practised|practiced)"),
    Rule("character", rf"you {ADV}(?:frown(?:ed|s)?|scowl(?:ed|s)?|glare[ds]?|glaring|"
                      r"tut(?:ted|s)?|sigh(?:ed|s)?|roll(?:ed)? your eyes|"
                      r"spoil(?:s|ed)? (?:him|her|them))\b|"
                      r"(?:doesn't|does not|didn't|don't|do not) come naturally to you|not (?:very "
                      r")?natural (?:for|to) you|runs? the show|calls? the shots|(?:is|'s) the boss"
                      r"|(?:is|'s) in charge",
         suggestion=HER),
    Rule("question", r"(?:see|notice|know) what you (?:did|were doing|just did) there|"
                     r"(?:watch|look at|see|notice) (?:how|what) you (?:\w+ )?(?:make|made|ignore|"
                     r"ignored|pull(?:ed)? away|turn(?:ed)? away|react(?:ed)?|snap(?:ped)?|"
                     r"rush(?:ed)?|grab(?:bed)?|take|took|miss(?:ed)?)\b"),
    Rule("grudging", r"(?:well,? )?at least you\b|only then did you|you only (?:noticed|saw|"
                     r"looked|realised|realized|responded)|(?:eventually|in the end),? you\b|"
                     r"you (?:\w+ )?eventually\b"),
    Rule("omission", r"it took you (?:a (?:long |little )?(?:time|while)|ages|so long|too long|"
                     r"a moment|a few \w+)(?= to (?:notice|see|respond|realise|realize|answer|"
                     r"react|pick|look|hear|get))|before (?:he|she|they) (?:was|were|had) "
                     r"(?:ready|finished|done)|(?:so|too) (?:focused|caught up|wrapped up|"
                     r"absorbed|taken up|preoccupied|busy) (?:on|with|in|by)",
         needs=SUBJECT_YOU),
    Rule("blaming", r"(?:scared|frightened|afraid|wary|nervous|fearful|terrified) (?:of|around) "
                    r"(?:you|your)\b|on edge (?:around|with) you"),
    Rule("character", r"(?:a |such a |bit of a )?pushover|walks? all over you|runs? rings "
                      r"(?:a)?round you|rules? the roost|gets? away with (?:it|murder|anything)|"
                      r"your (?:face|voice|tone|expression|look|eyes) (?:was|were|looked|seemed|"
                      r"sounded|is|are) (?:quite |a bit |so |very |rather |a little )?(?:blank|"
                      r"expressionless|stony|stern|cold|flat|vacant|empty|angry|cross|annoyed|"
                      r"irritated|sharp|harsh|hard|tense|bored|distant|fed up)|(?:blank|"
                      r"expressionless|stony|vacant|deadpan) (?:face|look|expression|stare)",
         suggestion=HER),
    Rule("hindsight", r"(?:i )?wish you(?:'d| would| could| had| were)\b"),
    Rule("commanding", r"(?:might|may|could|would) (?:want|like|wish|need) to (?:stop|avoid|cut "
                       r"down|try not|not)\b|(?:need|have|try|ought) to stop \w+ing"),
    Rule("judging", r"(?:bored|fed up|tired) (?:with|of) you|(?:doesn't|does not|didn't|did not|"
                    r"won't|don't|do not) (?:seem to |really |quite |always |even )?(?:trust|like|"
                    r"want|love|feel safe with|listen to|respect|enjoy being with|enjoy) you\b|"
                    r"(?:(?:it's|it is|that's|that is|this is|it was|that was|this was) not|"
                    r"(?:it|that|this) (?:isn't|wasn't)) (?:very |really |so |that )?"
                    r"(?:good|great|ok|okay|helpful|healthy|kind|fair|right|nice|gentle|ideal|"
                    r"appropriate)(?= (?:for|to|when|of you|with))|"
                    r"(?:wasn't|was not|isn't|is not|weren't|were not) (?:very |really |so |that )?"
                    r"(?:kind|nice|fair|helpful|gentle|patient|warm|loving) (?:to|with|towards) "
                    r"(?:him|her|them)|gave up (?:on (?:him|her|them)|too (?:easily|quickly|soon))|"
                    r"(?:gave|give|giving) up (?:easily|quickly|straight away)",
         unless=r"(?:don't|do not|didn't) want you to (?:go|leave|stop)"
                r"|(?:it's|it is|that's|that is|this is) not (?:\w+ )?(?:good|kind|fair|right|"
                r"nice) (?:to|for) (?:me|us)\b"),
    # --- omissions -------------------------------------------------------------------
    Rule("omission", rf"you {ADV}(?:missed|miss|ignored?|ignoring|overlooked|overlook|forgot|"
                     r"forget|neglected|dismissed|brushed (?:off|aside)|talked over|spoke over|"
                     rf"let {CHILD} down|failed to|fail to)\b",
         unless=r"you (?:\w+ )?miss(?:ed|es)? (?:him|her|them|me|each other|your \w+)"
                r"(?=\s*(?:[.!,;?—–]|$|while|when|so|too|a lot|lots|loads|terribly|at|during|"
                r"today|and|but|every|after|over|all))|you (?:never|won't) forget"
                r"|you forget (?:yourself|your worries|the time)"
                rf"|you (?:\w+ )?let {CHILD} down "
                r"(?:to|from|onto|on|gently|off|so|and|for|slowly)"),
    Rule("omission", rf"you {ADV}(?:didn't|did not|don't|do not|never|couldn't|could not|"
                     r"weren't able to|were not able to|haven't|have not) (?:\w+ly |really |even |"
                     r"quite |always |seem to |appear to |get to |have time to )?(?:notice|see|"
                     r"spot|pick up|respond|answer|hear|look|listen|react|realise|realize|"
                     r"register|clock|catch|acknowledge|follow|comfort|pay attention|reply|"
                     r"help|give (?:him|her|them) (?:a chance|time)|check|wait for|watch|attend|"
                     r"reassure|tune in|engage|join in|praise|smile|talk|play|go to|"
                     r"give (?:it|him|her|them)(?! up)(?: (?:a chance|time|your attention))?)\b",
         unless=r"you (?:didn't|did not|don't|do not|never) (?:need|have) to"
                r"|you (?:couldn't|could not) (?:see|hear) (?:\w+ )?(?:face|him|her|them) "
                r"from"),
    Rule("omission", r"you(?: weren't| were not| aren't| are not|'re not| wasn't| was not) "
                     r"(?:really |quite |fully |even |always )?(?:paying attention|looking|"
                     r"listening|watching|tuned in|there|available|present|engaged|interested|"
                     r"focused|noticing|responding)\b"),
    Rule("omission", r"you (?:\w+ )?(?:rarely|seldom|hardly (?:ever )?(?:noticed|notice|looked|"
                     r"look|responded|respond|spoke|speak|smiled|smile|played|play|touched|touch|"
                     r"talked|talk|engaged|engage|answered|answer))\b"
                     r"|you (?:just |only )?(?:sat|stood) there\b(?! with| together| beside| next)"
                     r"|no (?:response|reaction|answer|reply|eye contact|interaction|warmth|praise|"
                     r"comfort|engagement)(?: from you)?"
                     r"|(?:was|were|is|are|got|gets|being) left (?:to (?:cry|play alone|get on|it|"
                     r"settle|\w+ on (?:his|her|their) own)|alone|on (?:his|her|their) own)"
                     rf"|left {CHILD} to (?:cry|it|get on|settle|(?:\w+ )?alone)"
                     r"|but you were (?:\w+ )?(?:busy|distracted|elsewhere|occupied|preoccupied|"
                     r"on|looking|talking|texting|scrolling|somewhere else)"),
    Rule("omission", r"(?:on|at|checking|answering|scrolling|texting|with|looking at|busy with|"
                     r"glued to|watching|distracted by) (?:your |the )(?:phone|mobile|screen|"
                     r"laptop|tv|telly|television)|(?:watching|looking at) (?:the )?(?:tv|telly)",
         needs=SUBJECT_YOU),
    Rule("omission", r"(?:went|goes|go|going|was|were|is|are|got|gets|left) (?:\w+ly |completely |"
                     r"totally )?(?:unnoticed|unanswered|unseen|ignored|overlooked|"
                     r"unacknowledged)"),
    # --- orders and homework ---------------------------------------------------------
    Rule("commanding", r"(?:please |just |now,? )?(?:don't|do not|dont|never|stop|always|avoid|"
                       r"quit|remember(?=,)|try not to|try to|try and|try harder|"
                       r"keep (?:your|the|him|her|them|"
                       r"it|that|on|trying)|remember to|be sure to|make sure|practi[sc]e|aim to|"
                       r"set aside|spend (?:\w+ )?(?:minutes|time|more)|cut down|limit)\b",
         where="clause-start",
         unless=r"don't worry|don't be (?:so |too )?hard on yourself|never mind|don't you\b|"
                r"always (?:a|the|so|such|happy|ready|there|busy|curious|\w+ing)\b|"
                r"don't forget how|never forget how|never (?:a|an)\b|"
                r"(?:don't )?stop(?=\s*[,!]|\s+(?:now|mummy|mum|mama|mammy|mommy)\b)"),
    Rule("commanding", r"(?:make|give|get|be|play|talk|spend|use|show|let|hold|smile|praise|"
                       r"respond|follow|wait|sit|stay|speak|put|keep|allow|offer|reduce|cut|"
                       r"slow|calm|leave|go|answer|notice|comfort|pick)\b(?=[^.!?]*\b(?:more|"
                       r"less|fewer|properly|harder|instead|better|sooner|quicker|slower)\b)",
         where="clause-start"),
    Rule("commanding", r"please (?:try|do|don't|stop|remember|make|keep|be|put|give|let|look)|"
                       r"try harder|make sure|remember to|be sure to|you (?:really |just )?"
                       r"(?:need|needed|have|had|'ll have|will have|'ve got|got) to|"
                       r"you must(?:n't)?"
                       r"|you ought to|you(?:'d| had) better|i want you to|you are to|"
                       r"it(?:'s| is) (?:important|vital|essential|crucial|key) (?:that you|to)|"
                       r"you will need to",
         unless=r"you (?:don't|do not|didn't|did not|won't|never) (?:need|have) to|"
                r"you must(?:'ve| have| be|n't be| feel)|you had to (?:wait|be so)|"
                r"you (?:have|had) to (?:be so|admit)"),
    Rule("commanding", r"(?:(?:for |at least )?(?:a few|five|ten|fifteen|twenty|\d+|some|a couple "
                       r"of) minutes? )?(?:each|every|a|per) (?:single )?(?:day|night|morning|"
                       r"evening|week)|daily|(?:twice|three times|once) a (?:day|week)|"
                       r"(?:all |for the rest of )?this week",
         needs=ADVICE, suggestion=HOMEWORK,
         reason="It sets her homework: a daily task she may feel she failed at."),
    # --- clinical words ----------------------------------------------------------------
    Rule("clinical", r"personality disorders?|(?:emotionally unstable|borderline)(?: personality)?|"
                     r"bpd|eupd|pd|diagnos(?:is|es|ed|e|ing)|disorders?|disordered|"
                     r"(?:reactive )?attachment disorders?", clinician=True),
    Rule("clinical", r"(?:insecure|insecurely|disorgani[sz]ed|avoidant|ambivalent|resistant|"
                     r"anxious|anxiously|securely|secure) attach(?:ment|ed)|attachment (?:style|"
                     r"type|classification|problems?|issues?|difficult\w*)", clinician=True),
    Rule("clinical", r"safeguarding|child protection|social services|social workers?|"
                     r"care proceedings|into care|at risk|high risk|risk of harm|risk assessment|"
                     r"neglect(?:ed|ful|ing)?|abus(?:e|ed|ive)|maltreat(?:ment|ed)",
         clinician=True),
    Rule("clinical", r"mental(?:ly)? ill(?:ness)?|mental health(?: (?:condition|problem|issue)s?)?|"
                     r"psychiatric|psychos[ie]s|psychotic|depress(?:ion|ive|ed)|bipolar|schizo\w*|"
                     r"ptsd|trauma(?:tic|tised|tized)?|self[- ]harm(?:ing)?|suicid\w*|overdos\w*|"
                     r"autis(?:m|tic)|adhd|developmental delay|learning disabilit(?:y|ies)|"
                     r"symptoms?|patholog\w*|dysfunction(?:al)?|deficits?|dysregulat\w*",
         clinician=True),
    Rule("clinical", r"anxiety|anxieties|low mood|mood swings|your moods?|mentally|"
                     r"your (?:emotional |mental |own |many )?(?:difficulties|struggles|issues|"
                     r"problems|illness|condition|history|past|diagnosis|wellbeing|triggers?|"
                     r"stuff|demons|baggage)|(?:your |her |his |their )?parenting(?: (?:has|is|was|"
                     r"skills|capacity|style|ability|abilities))?|therap(?:y|ist|eutic)|"
                     r"psycholog\w*|camhs|medication|emotionally unavailable|triggered|"
                     r"triggering|self-critical|low self-esteem|personality|"
                     r"you(?:'re| are| were| seem(?:ed)?| get| got| looked| look)(?: \w+)? anxious|"
                     r"your anxious|fragile|unstable mum|unwell mum|your stress(?:es)?|"
                     r"mental state|your (?:emotional )?state(?: of mind)?|your nerves|"
                     r"your (?:own )?(?:trauma|attachment|needs|wounds)|behind for (?:his|her|"
                     r"their|(?:his|her|their) )?age|behind (?:with|in) (?:his|her|their) "
                     r"(?:talking|speech|walking|development)|behind (?:other|most) (?:children|"
                     r"babies|toddlers)|(?:developmental(?:ly)? |speech |language )?delay(?:ed|s)?|"
                     r"milestones?|developmentally|regress\w*|\w+-seeking behaviou?r|"
                     r"behaviou?r(?:al)? (?:problems?|issues?|difficult\w*|management|concerns?)|"
                     r"classic \w+ behaviou?r"),
    # --- rhetorical questions ---------------------------------------------------------
    Rule("question", r"why (?:on earth |ever )?(?:did|didn't|do|don't|would|wouldn't|were|weren't|"
                     r"are|aren't|can't|couldn't|won't|not|have|haven't|is|isn't|was|wasn't) "
                     r"(?:you|it|that|he|she|they)\b",
         unless=r"why do you think|why might|i wonder why|why (?:he|she|they) (?:\w+ )?"),
    Rule("question", r"what were you (?:thinking|doing)|"
                     r"what was (?:that|going on)(?: about)?(?=\?)|"
                     r"(?:didn't|did) you not|didn't you (?:see|notice|hear|realise|realize|think|"
                     r"know|want)|can't you see|couldn't you (?:see|tell|hear|just)|wouldn't it "
                     r"(?:have been|be) better|don't you think (?:you|it would|that|he|she|they "
                     r"(?:need|needed|should))|do you not (?:see|think)|haven't you noticed|"
                     r"(?:do|did) you (?:really )?(?:have to|need to|think that was)"),
    # --- judging, in general -------------------------------------------------------------
    Rule("judging", r"should(?:n't| not)?|ought(?:n't)?(?: to)?", suggestion=OFFER,
         unless=r"(?:you |we )?should (?:be|feel) (?:so |really |very |very very |rightly )?proud"
                r"|should see|should know how|should have seen (?:\w+ )?(?:face|smile)"
                r"|(?:you )?should(?:n't| not) (?:worry|feel bad|blame yourself|be hard)"),
    Rule("judging", r"must(?:n't| not)?", suggestion=OFFER,
         unless=r"must(?:'ve| have| be| feel| n't be|n't have)|must-"),
    Rule("judging", r"wrong(?:ly)?",
         unless=r"no (?:right or |right and )?wrong|nothing wrong|not wrong|(?:isn't|wasn't|is "
                r"no|was no) (?:\w+ )?wrong|never (?:a |the )?wrong|can't go wrong|"
                r"something (?:was )?wrong with (?:the|his|her|their) (?:toy|car|tower|ball|book)|"
                r"(?:went|goes|go|going|gone) wrong"),
    Rule("judging", r"bad(?:ly)?|worse|worst",
         unless=r"not (?:a |so |too |that )?bad|bad (?:day|days|night|nights|dream|dreams|cold|"
                r"cough|week|tummy|fall|bump|weather|back)|worst (?:of|bit)|feel bad|"
                r"(?:wants?|wanted|want|needs?|needed) (?:\w+ )?(?:so )?badly"),
    Rule("judging", r"fail(?:s|ed|ing|ure|ures)?|mistakes?|mistaken",
         unless=r"no mistaking|(?:there's|there is) no (?:\w+ )?(?:mistake|failure)|"
                r"never (?:fails|failed)|without fail"),
    Rule("judging", r"poor(?= (?:parenting|parent|mother|mum|bond|bonding|attachment|attention|"
                    r"eye contact|play|job|care|effort|timing|choice))"),
    Rule("judging", r"not good enough|not enough|good enough|improve(?:s|d|ment)?|do better|"
                    r"properly|the right way|the wrong way|(?:in)?correct(?:ly)?|inappropriate\w*"
                    r"|too much for (?:him|her|them)|(?:was|is) (?:a )?(?:shame|pity)",
         unless=r"(?:you are|you're|you were|are|is) (?:more than |always |so )?good enough|"
                r"(?:show|showed|shows|showing|teach|taught|teaching) (?:him|her|them|me) "
                r"the right way"),
    # --- professional words, with an everyday one -----------------------------------------
    Rule("jargon", r"interventions?|vipp(?:-sd|-pmh)?|pmh", suggestion="'these visits'."),
    Rule("jargon", r"sensitivity|sensitive discipline",
         suggestion="'noticing and answering your child'."),
    Rule("jargon", r"(?:positive )?reinforce(?:ment|s|d)?", suggestion="'praise'."),
    Rule("jargon", r"attune(?:d|ment)|contingen(?:t|cy|tly)",
         suggestion="'noticing and answering'."),
    Rule("jargon", r"mentali[sz]\w*|reflective function\w*",
         suggestion="'wondering what your child is thinking or feeling'."),
    Rule("jargon", r"attachment(?: behaviou?r| figure| system| theory)?|secure base|safe haven|"
                   r"proximity",
         suggestion="'wanting to be close to you', 'your child's safe place'."),
    Rule("jargon", r"(?:emotion(?:al)?|self|co)[- ]regulation|regulat(?:e|ing) (?:emotions?|"
                   r"feelings?)", suggestion="'calming down together'."),
    Rule("jargon", r"inductive discipline|non-?compliance|complian(?:t|ce)|comply",
         suggestion="'giving reasons', 'going along with'."),
    Rule("jargon", r"exploration", suggestion="'exploring'."),
    Rule("jargon", r"felt seen|feel seen|holding space|hold space|validate\w*|validation|"
                   r"co-?regulat\w*|containment|contain (?:his|her|their) feelings|"
                   r"rupture and repair|repair the rupture|serve and return|inner child|"
                   r"emotional literacy|emotionally attuned",
         suggestion="Say it in everyday words: what {child} did, and what you did."),
)

# After a sentence with another finding, a tag question ('..., isn't he?') presses it home.
TAG_QUESTION = (r",\s*(?:isn't|aren't|wasn't|weren't|doesn't|don't|didn't|won't|can't|hasn't|"
                r"haven't|couldn't|wouldn't|shouldn't|is|was|does|did)\s+(?:he|she|they|it|you|"
                r"we)\s*\?|,\s*(?:eh|right|no)\s*\?")
