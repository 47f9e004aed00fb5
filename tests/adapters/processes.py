"""Other backend processes on a shared store (store_child.py), and what they work on."""

import subprocess
import sys
from pathlib import Path

CHILD = Path(__file__).with_name("store_child.py")


def child(command, url, *args, stdin=None):
    """Start ``store_child.py command url args...``; its stdout is a text pipe."""
    return subprocess.Popen(
        [sys.executable, str(CHILD), command, url, *map(str, args)],
        stdin=stdin,
        stdout=subprocess.PIPE,
        text=True,
    )


def approved_alerts(world, count):
    """``count`` alerts approved now, in force from a minute from now for two hours; ids."""
    ids = []
    for n in range(count):
        alert = world.system.create_alert(
            world.staff[0].id,
            headline=f"Cảnh báo {n}",
            description="Mưa lớn",
            area="Tây Ninh",
            start=world.clock.now().add(minutes=1),
            end=world.clock.now().add(hours=2),
        )
        world.system.submit_alert(world.staff[0].id, alert.id)
        world.system.approve_alert(world.approvers[0].id, alert.id)
        ids.append(alert.id)
    return ids
