package api_test

import (
	"time"

	"motcua/server/servertest"
)

// settle waits (up to 100 ms) until the checkpointer has copied what the
// round just written, so its disk writes are charged to the server's round
// and do not slow the raw round that follows.
func settle(srv *servertest.Server) {
	n0, _, _ := srv.DB.Checkpoints()
	deadline := time.Now().Add(100 * time.Millisecond)
	for time.Now().Before(deadline) {
		if n, _, complete := srv.DB.Checkpoints(); n > n0 && complete {
			return
		}
		time.Sleep(100 * time.Microsecond)
	}
}
