"""What a finding says: the reason for each category, and a kinder way to say it.

Suggestions are templates in the library's placeholders ({child}, {They},
{was|were} ...), filled in with the child's own name and pronouns.
"""

from __future__ import annotations

REASONS = {
    "hindsight": "Hindsight: it tells her what she should have done, which she will hear as "
                 "getting it wrong.",
    "blaming": "It blames her for what the child felt or did.",
    "grudging": "Grudging praise: it hints that she usually gets it wrong.",
    "character": "It labels her or the child, instead of describing what happened.",
    "omission": "It points at what she missed, not at what she did.",
    "commanding": "It tells her what to do, like an order or homework.",
    "clinical": "A clinical word or label: these never go in anything a mother reads.",
    "question": "A question she can only hear as criticism.",
    "judging": "This can sound like a judgement of her or her child.",
    "jargon": "A professional word; she may not know it.",
}

SUGGESTIONS = {
    "hindsight": "Leave out what could have been; say what {child} showed: "
                 "'{They} {was|were} telling you {they} {was|were} ready.'",
    "blaming": "Say what {child} felt, not who caused it: "
               "'{They} {was|were} telling you {they} needed you close.'",
    "grudging": "Praise it plainly, with nothing about before: "
                "'Look how much {child} loves it when you follow {their} lead.'",
    "character": "Say what {child} was feeling or needing, not what {they} {is|are} like: "
                 "'{They} really wanted to be close to you.'",
    "omission": "Name a moment when the mother did answer instead: "
                "'Here {child} looks at you, and you look back.'",
    "commanding": "Offer an idea to take or leave: 'When {child} looks up, you could ...' or "
                  "'It can help to ...'.",
    "clinical": "Leave it out, and say what {child} did: "
                "'{They} {looks|look} at you and {smiles|smile}.'",
    "question": "Say what you saw, instead of asking why: "
                "'{They} {was|were} telling you {they} needed you.'",
    "judging": "Describe what happened, without right or wrong: "
               "'{They} {was|were} telling you ...'.",
    "jargon": "Use an everyday word.",
}

HER = ("Describe the moment, not the mother: say what {child} did and what helped: "
        "'When you spoke softly, {they} looked up at you.'")
OFFER = ("Offer it as an idea to take or leave ('You could ...'), or say what {child} "
          "showed: '{They} {was|were} telling you ...'.")
HOMEWORK = ("Offer one idea, with no daily task: 'When {child} looks up at you, you could "
             "smile back.'")
