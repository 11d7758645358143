"""A code location whose import never returns (it waits on something that never comes), so its gRPC server never gets healthy."""

import threading

threading.Event().wait()
