package queue

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"motcua/server/contract"
)

// TestAlertFlood replays the incident: one kiosk sends 3,000 fault reports
// with ever new kinds and 3,000 help requests. The old code stored one open
// alert per kind and per 3 minutes and grew every board's /state past a
// megabyte; now the device has at most MaxOpenFaults faults and one help
// request open, most reports are refused with rate_limited, and /state stays
// the size of a quiet day.
func TestAlertFlood(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	quiet, _ := f.eng.State(ctx)
	quietJSON, _ := json.Marshal(quiet)
	limited := 0
	for i := 0; i < 3000; i++ {
		_, err := f.eng.ReportFault(ctx, contract.FaultRequest{Kind: fmt.Sprintf("kind-%d", i), Message: "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"}, "kiosk-bad")
		if err != nil {
			wantCode(t, err, contract.CodeRateLimited)
			limited++
		}
		if _, err := f.eng.RequestHelp(ctx, "kiosk-bad"); err != nil {
			wantCode(t, err, contract.CodeRateLimited)
		}
		f.clock.Advance(10 * time.Millisecond) // 3,000 in 30 s, as in the incident
	}
	st, err := f.eng.State(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(st.OpenFaults) > MaxOpenFaults || len(st.OpenHelp) != 1 {
		t.Fatalf("%d open faults, %d open help requests", len(st.OpenFaults), len(st.OpenHelp))
	}
	if limited < 2900 {
		t.Fatalf("only %d of 3000 reports were refused", limited)
	}
	raw, _ := json.Marshal(st)
	if len(raw) > len(quietJSON)+8*1024 {
		t.Fatalf("/state grew from %d to %d bytes", len(quietJSON), len(raw))
	}
	t.Logf("/state: %d bytes quiet, %d bytes after the flood", len(quietJSON), len(raw))

	// Another kiosk is not affected, and the bad one recovers with time.
	if _, err := f.eng.ReportFault(ctx, contract.FaultRequest{Kind: "paper_out"}, "kiosk-2"); err != nil {
		t.Fatalf("another kiosk: %v", err)
	}
	f.clock.Advance(AlertEvery)
	if _, err := f.eng.RequestHelp(ctx, "kiosk-bad"); err != nil {
		t.Fatalf("after a pause: %v", err)
	}
}

// TestOneOpenAlertPerDeviceAndKind: repeats of the same fault, even with a
// new message, and repeated help taps, long after the first, return the open
// alert instead of adding one (the old code made a new help request every
// 3 minutes while none was taken).
func TestOneOpenAlertPerDeviceAndKind(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	h1, err := f.eng.RequestHelp(ctx, "kiosk-1")
	if err != nil {
		t.Fatal(err)
	}
	f1, err := f.eng.ReportFault(ctx, contract.FaultRequest{Kind: "paper_out", Message: "a"}, "kiosk-1")
	if err != nil {
		t.Fatal(err)
	}
	f.clock.Advance(20 * time.Minute)
	h2, _ := f.eng.RequestHelp(ctx, "kiosk-1")
	f2, _ := f.eng.ReportFault(ctx, contract.FaultRequest{Kind: "paper_out", Message: "b"}, "kiosk-1")
	if h2.ID != h1.ID || f2.ID != f1.ID {
		t.Fatalf("repeats made new alerts: help %d→%d, fault %d→%d", h1.ID, h2.ID, f1.ID, f2.ID)
	}
	st, _ := f.eng.State(ctx)
	if len(st.OpenHelp) != 1 || len(st.OpenFaults) != 1 {
		t.Fatalf("open help %d, open faults %d", len(st.OpenHelp), len(st.OpenFaults))
	}
}
