"""`vipp-session serve` seeing made-up USB sticks: the browser tests' stand-in for plugging
one in. $VIPP_TEST_STICKS is a JSON list of [device, folder]; $VIPP_TEST_SYS_BLOCK a
folder standing for /sys/block, where those devices are marked removable."""

import json
import os
import sys
from collections import namedtuple
from pathlib import Path

from vipp_session import drives
from vipp_session.cli import main

Part = namedtuple("Part", "device mountpoint fstype opts")
sticks = json.loads(os.environ["VIPP_TEST_STICKS"])
drives._default_partitions = lambda: [Part(device, folder, "vfat", "rw")
                                      for device, folder in sticks]
drives.SYS_BLOCK = Path(os.environ["VIPP_TEST_SYS_BLOCK"])
sys.exit(main(sys.argv[1:]))
