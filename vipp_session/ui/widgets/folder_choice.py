"""Where her copies go: the USB sticks plugged in, by name and free space, or a typed folder.

Clinicians do not know that a stick is `/media/sam/MAYA`; they know it is called
MAYA. Choosing a drive fills in the folder; typing one is still possible, for a
folder on a drive the list does not show.
"""

from __future__ import annotations

from nicegui import run, ui

from vipp_session import drives, words


class FolderChoice:
    def __init__(self, value: str = "", marker: str = "copies"):
        self.marker = marker
        with ui.column().classes("w-full gap-1").mark(f"{marker}-drives-box"):
            with ui.row().classes("w-full items-center gap-2"):
                ui.label("Her USB stick").classes("text-sm font-semibold")
                ui.button("Look again", icon="refresh", on_click=self.look) \
                    .props("flat dense no-caps").mark(f"{marker}-look-again") \
                    .tooltip("After plugging in a stick")
            self.list = ui.row().classes("w-full gap-2").mark(f"{marker}-drives")
            self.folder = ui.input("Or type the folder", value=value,
                                   placeholder="e.g. /media/usb or E:\\") \
                .props("outlined dense").classes("w-full").mark(f"{marker}-folder")
            self.folder.on_value_change(lambda: self._show(self.found))
        self.found: list[drives.Drive] = []
        self._show_now(drives.removable_drives())

    @property
    def value(self) -> str:
        return (self.folder.value or "").strip()

    def name_of(self, folder: str) -> str:
        """How to name a folder to the clinician: the stick's name when it is one listed."""
        return next((d.name for d in self.found if str(d.path) == folder), folder)

    async def look(self) -> None:
        """List the drives again (a stick plugged in since), off the event loop."""
        self._show_now(await run.io_bound(drives.removable_drives))

    def _show_now(self, found: list[drives.Drive]) -> None:
        self.found = found
        if len(found) == 1 and not self.value:  # one stick in: that is hers
            self.folder.value = str(found[0].path)
        self._show(found)

    def _show(self, found: list[drives.Drive]) -> None:
        self.list.clear()
        with self.list:
            if not found:
                ui.label("No USB stick found: plug hers in, then press 'Look again'; or type "
                         "the folder below.").classes("text-sm vipp-muted") \
                    .mark(f"{self.marker}-no-drives")
            for drive in found:
                chosen = str(drive.path) == self.value
                ui.button(f"{drive.name} · {words.size(drive.free)} free",
                          icon="check_circle" if chosen else "usb",
                          on_click=lambda d=drive: self._choose(d)) \
                    .props(f"no-caps {'unelevated' if chosen else 'outline'}") \
                    .tooltip(f"{drive.path}, {words.size(drive.total)} in all") \
                    .mark(f"{self.marker}-drive")

    def _choose(self, drive: drives.Drive) -> None:
        self.folder.value = str(drive.path)  # redraws the list through on_value_change
