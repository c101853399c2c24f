package queue

import (
	"bytes"
	"context"
	"encoding/csv"
	"strings"
	"testing"
	"time"

	"motcua/server/contract"
)

func TestAuditSearchAndCSV(t *testing.T) {
	f := newFixture(t)
	f.useSmallCatalogue()
	ctx := context.Background()
	f.issue("1.001193", contract.PriorityNone)
	f.clock.Advance(time.Minute)
	f.callNext(1)
	f.clock.Advance(time.Minute)
	if _, err := f.eng.ReportFault(ctx, contract.FaultRequest{Kind: "paper_out", Message: "=HYPERLINK(\"http://x\")"}, "kiosk-1"); err != nil {
		t.Fatal(err)
	}

	all, err := f.eng.Audit(ctx, AuditQuery{})
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 4 || all[0].Action != "device.fault" || all[1].Action != "ticket.call" || all[2].Action != "counter.claim" || all[3].Action != "catalogue.replace" {
		t.Fatalf("audit = %+v, want fault, call, claim, catalogue newest first", all)
	}
	cases := []struct {
		name string
		q    AuditQuery
		want int
	}{
		{"by actor", AuditQuery{Actor: "CANBO1"}, 2},
		{"by action prefix", AuditQuery{Action: "ticket"}, 1},
		{"by counter", AuditQuery{Counter: 1}, 2},
		{"by ticket number", AuditQuery{Ticket: "a001"}, 1},
		{"by text", AuditQuery{Text: "HYPERLINK"}, 1},
		{"like wildcards are literal", AuditQuery{Text: "%"}, 0},
		{"from", AuditQuery{From: wednesday.Add(90 * time.Second)}, 1},
		{"to", AuditQuery{To: wednesday.Add(30 * time.Second)}, 1},
		{"limit", AuditQuery{Limit: 2}, 2},
	}
	for _, c := range cases {
		got, err := f.eng.Audit(ctx, c.q)
		if err != nil || len(got) != c.want {
			t.Errorf("%s: %d entries (%v), want %d", c.name, len(got), err, c.want)
		}
	}

	var buf bytes.Buffer
	if err := WriteAuditCSV(&buf, all); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(buf.String(), "\uFEFFid,") {
		t.Errorf("CSV does not start with BOM and header: %q", buf.String()[:20])
	}
	recs, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(buf.String(), "\uFEFF"))).ReadAll()
	if err != nil || len(recs) != 5 {
		t.Fatalf("CSV: %d records, %v", len(recs), err)
	}
	if got := recs[1][7]; !strings.HasPrefix(got, "paper_out") {
		t.Errorf("fault detail = %q", got)
	}
	if got := recs[2][6]; got != "A001" {
		t.Errorf("call ticket = %q, want A001", got)
	}
	buf.Reset()
	if err := WriteAuditCSV(&buf, []AuditEntry{{Actor: "@admin", Detail: "=1+1"}}); err != nil {
		t.Fatal(err)
	}
	recs, err = csv.NewReader(strings.NewReader(strings.TrimPrefix(buf.String(), "\uFEFF"))).ReadAll()
	if err != nil || len(recs) != 2 || recs[1][2] != "'@admin" || recs[1][7] != "'=1+1" {
		t.Errorf("formula cells not neutralised: %q (%v)", recs, err)
	}
}
