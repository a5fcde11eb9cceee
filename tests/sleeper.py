"""A child with a subprocess of its own, as the runner with a flow run: prints the
subprocess's pid, then both sleep until they are ended (tests of backend.lifeline)."""

import subprocess
import sys
import time

if __name__ == "__main__":
    grandchild = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)"])
    print(grandchild.pid, flush=True)  # noqa: T201 - read by the test
    time.sleep(600)
