"""How an import row writes a file's size (words.size): short, plain, never '0.0B'."""

import pytest

from vipp_session import words


@pytest.mark.parametrize("size, shown", [
    (0, "0 bytes"), (1, "1 KB"), (14_336, "14 KB"), (1024 * 1024, "1 MB"), (1000 * 1024, "1 MB"),
    (int(12.44 * 2**20), "12.4 MB"), (250 * 2**20, "250 MB"), (int(1.3 * 2**30), "1.3 GB"),
    (150 * 2**30, "150 GB"),
])
def test_sizes_read_as_people_say_them(size, shown):
    assert words.size(size) == shown
