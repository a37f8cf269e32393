"""vipp-session serve | demo"""

from __future__ import annotations

import errno
import os

from vipp_session.cli.output import say
from vipp_session.errors import BadInput


def register(sub, common) -> None:
    serve = sub.add_parser("serve", parents=[common], help="start the app in your browser")
    _server_options(serve)
    serve.set_defaults(handler=_serve)

    demo = sub.add_parser("demo", parents=[common],
                          help="start the app on a made-up demo family (its own data folder)")
    _server_options(demo)
    demo.set_defaults(handler=_demo)


def _server_options(p) -> None:
    p.add_argument("--host", default="127.0.0.1",
                   help="address to listen on (default 127.0.0.1: this laptop only)")
    p.add_argument("--port", type=int, default=8080)
    p.add_argument("--no-browser", dest="browser", action="store_false",
                   help="do not open a browser window")


def start(args, show: bool | str = True) -> int:
    args.data.ensure_writable()
    if args.host not in ("127.0.0.1", "localhost", "::1"):
        say(f"Warning: listening on {args.host} lets other machines on the network reach this "
            "app. The videos are still behind sign-in, but use this only if you must.")
    _check_port_free(args.host, args.port)
    # NiceGUI keeps its own small state files; keep them inside the data folder
    os.environ["NICEGUI_STORAGE_PATH"] = str(args.data.root / ".ui-state")
    from vipp_session.ui.app import serve  # the UI is imported only when it is used

    address = f"http://{args.host}:{args.port}/"
    serve(args.data, host=args.host, port=args.port, show=show if args.browser else False,
          on_ready=lambda: say(f"vipp-session is running at {address} (stop it with Ctrl+C)"))
    return 0


def _check_port_free(host: str, port: int) -> None:
    """Refuse, with a plain reason, a port something else already listens on."""
    import socket

    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the server itself does
        try:
            probe.bind((host, port))
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                raise BadInput(f"Port {port} is already in use on {host}: is vipp-session already "
                               f"running (http://{host}:{port}/)? Stop it, or choose another "
                               "port with --port.") from None
            raise BadInput(f"Cannot listen on {host} port {port} ({exc.strerror or exc}); "
                           "choose another with --host or --port.") from None


def _serve(args) -> int:
    return start(args)


def _demo(args) -> int:
    from vipp_session.demo import default_demo_dir, make_demo
    from vipp_session.paths import DataDir

    if not getattr(args, "data_given", False):
        args.data = DataDir(default_demo_dir())
    args.data.ensure_writable()
    family = make_demo(args.data, say)
    say(f"Demo data is in {args.data.root}. On first start, choose any passphrase.")
    return start(args, show=f"/family/{family}")
