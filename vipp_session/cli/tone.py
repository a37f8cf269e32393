"""vipp-session tone: the tone check on any words, for the library or a letter.

Exit codes: 0 nothing found, 3 something found, 2 bad input.
"""

from __future__ import annotations

import json
import sys

FOUND = 3
MAX_CHARS = 200_000


def register(sub, common) -> None:
    tone = sub.add_parser(
        "tone", parents=[common],
        help="check words for judging, blaming or clinical wording (exit 3 if anything is found)",
        description="Checks each line on its own. With --json, prints one JSON object per line "
                    "with its findings (category, start, end, words, reason, suggestion). "
                    "Exit 0 when nothing is found, 3 when something is, 2 for bad input.",
    )
    tone.add_argument("text", nargs="?", default="-", metavar="TEXT",
                      help="the words to check; '-' or nothing reads them from standard input")
    tone.add_argument("--take-home", action="store_true",
                      help="also check each line's length and reading age, as a take-home text")
    tone.add_argument("--child", metavar="NAME", help="the child's name, for the suggestions")
    tone.add_argument("--pronouns", choices=("she", "he", "they"),
                      help="the child's pronouns, for the suggestions (default: as the text uses)")
    tone.set_defaults(handler=_tone)


def _read(args) -> str:
    from vipp_session.errors import BadInput

    if args.text != "-":
        return args.text
    raw = sys.stdin.buffer.read(MAX_CHARS * 4 + 1)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise BadInput("The words on standard input are not plain text (UTF-8); save them as "
                       "plain text and try again.") from None


def _tone(args) -> int:
    from vipp_session.errors import BadInput
    from vipp_session.manual.placeholders import Voice
    from vipp_session.tone import check_tone

    text = _read(args)
    if not text.strip():
        raise BadInput("There are no words to check: give them after 'tone', or '-' and send "
                       "them on standard input.")
    if len(text) > MAX_CHARS or "\x00" in text:
        raise BadInput(f"The words to check are not plain text of at most {MAX_CHARS:,} "
                       "characters; check a letter or a message at a time.")
    if args.child is not None and not args.child.strip():
        raise BadInput("--child needs the child's name.")
    voice = None
    if args.child or args.pronouns:
        from vipp_session.tone.check import guess_pronouns
        voice = Voice(args.child.strip() if args.child else "your child", "Mummy",
                      args.pronouns or guess_pronouns(text))
    found = 0
    lines = text.splitlines()
    for number, line in enumerate(lines, start=1):
        findings = check_tone(line, take_home=args.take_home, voice=voice) if line.strip() else []
        found += len(findings)
        if args.json:
            print(json.dumps({"line": number, "text": line,
                              "findings": [f.to_dict() for f in findings]}, ensure_ascii=False))
        for f in [] if args.json else findings:
            print(f"line {number}: '{f.words}' ({f.category}): {f.reason} {f.suggestion}")
    if not found and not args.json:
        checked = "judging, blaming, hindsight, grudging praise, labels, orders, clinical words"
        if args.take_home:
            checked += ", length and reading age"
        print(f"Nothing found in {len(lines)} line{'s' if len(lines) != 1 else ''} "
              f"(checked for {checked}). The check is a prompt, not a guarantee: read it "
              "as she would.")
    return FOUND if found else 0
