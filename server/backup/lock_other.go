//go:build !unix

package backup

import "os"

// flock is a no-op where flock(2) does not exist: the server runs on
// Linux; other systems only run it for development and tests.
func flock(*os.File, bool) error { return nil }
