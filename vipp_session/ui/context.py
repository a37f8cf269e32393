"""What every page needs: the data folder, the settings and the sign-ins."""

from __future__ import annotations

from dataclasses import dataclass

from vipp_session.paths import DataDir
from vipp_session.settings import Settings, load_settings
from vipp_session.ui.routes.signin import SignIns


@dataclass
class AppContext:
    data: DataDir
    signins: SignIns

    @property
    def settings(self) -> Settings:
        return load_settings(self.data)  # read fresh: the CLI may have changed it
