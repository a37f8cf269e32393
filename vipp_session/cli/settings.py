"""vipp-session settings [NAME=VALUE ...]: show the settings, or change some of them (such
as the clinician's name and the service's contact printed on her sheets)."""

from __future__ import annotations

from vipp_session.cli.lazy import service
from vipp_session.cli.output import emit
from vipp_session.errors import BadInput

settings = service("settings")


def register(sub, common) -> None:
    s = sub.add_parser("settings", parents=[common],
                       help="show the settings, or change them: "
                            "settings clinician_name='Jo Smith' service_contact='call 07700 900123'")
    s.add_argument("changes", nargs="*", metavar="NAME=VALUE")
    s.set_defaults(handler=_settings)


def _settings(args) -> int:
    changes = {}
    for item in args.changes:
        name, eq, value = item.partition("=")
        if not eq or not name.strip():
            raise BadInput(f"'{item}' is not NAME=VALUE (for example clinician_name='Jo Smith').")
        changes[name.strip()] = value
    if changes:
        settings.change_settings(args.data, **changes)
    shown = settings.shown_settings(args.data)
    emit(args, shown, "\n".join(f"{k} = {'' if v is None else v}" for k, v in shown.items()))
    return 0
