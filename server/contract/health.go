package contract

// Health is the answer of GET /api/v1/health: 200 with status "ok" when
// all is well, 503 with status "degraded" and the problems when the server
// answers but is losing data (its database file is gone, writes fail, the
// daily backup fails), so a monitor or the consoles can raise an alarm
// instead of reading "ok".
type Health struct {
	Status   string          `json:"status"`
	Seq      int64           `json:"seq"`
	Schema   int             `json:"schema"`
	Problems []HealthProblem `json:"problems,omitempty"`
	// Warnings are things an administrator should know that lose no data
	// (the clock was stepped); the status stays "ok".
	Warnings []HealthProblem `json:"warnings,omitempty"`
}

// Health statuses.
const (
	HealthOK       = "ok"
	HealthDegraded = "degraded"
)

// HealthProblem is one thing wrong: a stable code for programs and a
// bilingual message ("Vietnamese / English") for people.
type HealthProblem struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

// Health problem codes.
const (
	// ProblemDatabaseMissing: the database file was deleted or its disk
	// unmounted while the server runs; what it writes now will be lost.
	ProblemDatabaseMissing = "database_missing"
	// ProblemDatabaseReplaced: another file sits at the database's path.
	ProblemDatabaseReplaced = "database_replaced"
	// ProblemWriteFailed: the last write failed (disk full, I/O error).
	ProblemWriteFailed = "write_failed"
	// ProblemBackupFailed: the daily backup (or its copy to the second
	// folder) failed.
	ProblemBackupFailed = "backup_failed"
	// WarningClockStepped: the server's clock moved back or jumped today
	// (see ClockWarning); times around the step are not comparable.
	WarningClockStepped = "clock_stepped"
)
