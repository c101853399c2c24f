package main

import (
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode/utf8"
)

// The operations the summary reports, in its order.
const (
	opIssue     = "issue"
	opCallNext  = "call-next"
	opStart     = "start"
	opFinish    = "finish"
	opDelivery  = "event delivery"
	opCallToBox = "call-to-display"
)

var opOrder = []string{opIssue, opCallNext, opStart, opFinish, opDelivery, opCallToBox}

// percentile returns the p-th percentile (0 < p ≤ 100) of sorted by the
// nearest-rank method: the smallest sample with at least p% of the samples
// at or below it. It is always a sample that was measured, never an
// interpolation, so "p99 = 40 ms" means some call really took 40 ms. An
// empty input gives 0.
func percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	rank := int(math.Ceil(p / 100 * float64(len(sorted))))
	return sorted[min(max(rank, 1), len(sorted))-1]
}

// recorder collects the latency of every operation from many goroutines.
type recorder struct {
	mu  sync.Mutex
	ops map[string]*opSamples
}

// opSamples is one operation's measurements.
type opSamples struct {
	samples  []time.Duration
	errors   int
	firstErr string
}

func newRecorder() *recorder { return &recorder{ops: make(map[string]*opSamples)} }

// observe records one operation: its duration when it succeeded, or an
// error.
func (r *recorder) observe(op string, d time.Duration, err error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	s := r.ops[op]
	if s == nil {
		s = &opSamples{}
		r.ops[op] = s
	}
	if err == nil {
		s.samples = append(s.samples, d)
		return
	}
	if s.errors++; s.firstErr == "" {
		s.firstErr = err.Error()
	}
}

// summary is the table row of every known operation.
func (r *recorder) summary() []OpSummary {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := make([]OpSummary, 0, len(opOrder))
	for _, op := range opOrder {
		s := r.ops[op]
		if s == nil {
			s = &opSamples{}
		}
		out = append(out, summarize(op, s))
	}
	return out
}

// summarize computes one row's percentiles.
func summarize(op string, s *opSamples) OpSummary {
	sorted := slices.Clone(s.samples)
	slices.Sort(sorted)
	row := OpSummary{Operation: op, Count: len(sorted), Errors: s.errors, FirstError: s.firstErr}
	if len(sorted) > 0 {
		row.MinMS = ms(sorted[0])
	}
	row.P50MS, row.P90MS, row.P99MS = ms(percentile(sorted, 50)), ms(percentile(sorted, 90)), ms(percentile(sorted, 99))
	row.MaxMS = ms(percentile(sorted, 100))
	return row
}

// ms is d in milliseconds, to the microsecond.
func ms(d time.Duration) float64 { return math.Round(float64(d)/1e3) / 1e3 }

// OpSummary is one operation's line of the summary. Latencies are in
// milliseconds; a failed operation counts in Errors, not in the latencies.
type OpSummary struct {
	Operation  string  `json:"operation"`
	Count      int     `json:"count"`
	Errors     int     `json:"errors"`
	MinMS      float64 `json:"min_ms"`
	P50MS      float64 `json:"p50_ms"`
	P90MS      float64 `json:"p90_ms"`
	P99MS      float64 `json:"p99_ms"`
	MaxMS      float64 `json:"max_ms"`
	FirstError string  `json:"first_error,omitempty"`
}

// Report is the run's summary, printed as a table or as JSON.
type Report struct {
	Server     string  `json:"server"`
	Kiosks     int     `json:"kiosks"`
	Counters   int     `json:"counters"`
	Displays   int     `json:"displays"`
	TargetRate float64 `json:"target_rate"`
	ServiceMS  float64 `json:"service_ms"`
	ElapsedS   float64 `json:"elapsed_s"`
	// Interrupted is true when the run was stopped before --duration.
	Interrupted bool        `json:"interrupted"`
	Operations  []OpSummary `json:"operations"`
	// Issued and Calls are the tickets issued and called by this run.
	Issued      int      `json:"tickets_issued"`
	IssuedPerS  float64  `json:"tickets_issued_per_s"`
	Calls       int      `json:"calls"`
	CallsPerS   float64  `json:"calls_per_s"`
	EmptyPolls  int      `json:"empty_polls"`
	CalledSeen  int      `json:"called_events_seen"`
	Deliveries  int      `json:"deliveries"`
	Expected    int      `json:"deliveries_expected"`
	Missed      int      `json:"deliveries_missed"`
	LinkDrops   int      `json:"display_link_drops"`
	Resyncs     int      `json:"display_resyncs"`
	Duplicates  []string `json:"duplicate_calls"`
	ClockSkew   bool     `json:"clock_skew_suspected"`
	Cancelled   int      `json:"cleanup_cancelled"`
	CleanupErrs int      `json:"cleanup_errors"`
}

// errorCount is the number of failed operations of every kind.
func (r *Report) errorCount() int {
	n := 0
	for _, op := range r.Operations {
		n += op.Errors
	}
	return n
}

// verdict fails when the run saw something a centre must look at.
func (r *Report) verdict() error {
	var problems []string
	if r.Interrupted {
		problems = append(problems, "interrupted")
	}
	if n := r.errorCount(); n > 0 {
		problems = append(problems, fmt.Sprintf("%d failed operations", n))
	}
	if r.Missed > 0 {
		problems = append(problems, fmt.Sprintf("%d calls missed by a display", r.Missed))
	}
	if len(r.Duplicates) > 0 {
		problems = append(problems, fmt.Sprintf("numbers called twice: %s", strings.Join(r.Duplicates, ", ")))
	}
	if len(problems) == 0 {
		return nil
	}
	return errors.New("check failed: " + strings.Join(problems, "; "))
}

// WriteTable prints the summary for people.
func (r *Report) WriteTable(w io.Writer) error {
	width := len("operation")
	for _, op := range r.Operations {
		width = max(width, utf8.RuneCountInString(op.Operation))
	}
	if _, err := fmt.Fprintf(w, "%-*s  %6s  %6s  %8s  %8s  %8s  %8s\n", width, "operation", "count", "errors", "p50 ms", "p90 ms", "p99 ms", "max ms"); err != nil {
		return err
	}
	for _, op := range r.Operations {
		fmt.Fprintf(w, "%-*s  %6d  %6d  %8.1f  %8.1f  %8.1f  %8.1f\n", width, op.Operation, op.Count, op.Errors, op.P50MS, op.P90MS, op.P99MS, op.MaxMS)
	}
	fmt.Fprintf(w, "\n%d kiosks, %d counters, %d displays, %.1f s\n", r.Kiosks, r.Counters, r.Displays, r.ElapsedS)
	fmt.Fprintf(w, "tickets issued: %d (%.2f/s, target %.2f/s)\n", r.Issued, r.IssuedPerS, r.TargetRate)
	fmt.Fprintf(w, "calls: %d (%.2f/s), empty call-next answers: %d\n", r.Calls, r.CallsPerS, r.EmptyPolls)
	fmt.Fprintf(w, "deliveries of this run's calls: %d of %d expected, missed %d; display link drops %d, resyncs %d\n",
		r.Deliveries, r.Expected, r.Missed, r.LinkDrops, r.Resyncs)
	r.writeWarnings(w)
	return nil
}

// writeWarnings prints the findings that need a person's attention.
func (r *Report) writeWarnings(w io.Writer) {
	if r.Interrupted {
		fmt.Fprintln(w, "the run was interrupted before the end of --duration")
	}
	if len(r.Duplicates) == 0 {
		fmt.Fprintf(w, "duplicate calls: none among %d distinct ticket.called events\n", r.CalledSeen)
	} else {
		fmt.Fprintf(w, "DUPLICATE CALLS: %s\n", strings.Join(r.Duplicates, ", "))
	}
	if r.ClockSkew {
		fmt.Fprintln(w, "warning: some events arrived before their server time: the server's clock is ahead of this machine's")
	}
	for _, op := range r.Operations {
		if op.FirstError != "" {
			fmt.Fprintf(w, "%s: first error: %s\n", op.Operation, op.FirstError)
		}
	}
}
