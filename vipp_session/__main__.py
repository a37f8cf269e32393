from vipp_session.cli import main

raise SystemExit(main())
