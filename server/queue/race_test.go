//go:build race

package queue

// raceEnabled shrinks the heaviest tests under the race detector, which
// slows SQLite work tenfold; the full sizes run in the benchmarks.
const raceEnabled = true
