"""The app as NiceGUI's `user` fixture runs it: on the data folder in $VIPP_DATA."""

import os

from nicegui import ui

from vipp_session.paths import DataDir
from vipp_session.ui.app import build

build(DataDir(os.environ["VIPP_DATA"]))
ui.run(reload=False, show=False, tailwind=False)  # as the app runs (see app.py)
