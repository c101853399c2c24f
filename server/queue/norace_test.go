//go:build !race

package queue

// raceEnabled: see race_test.go.
const raceEnabled = false
