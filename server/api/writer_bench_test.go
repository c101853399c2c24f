package api_test

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	"motcua/server"
	"motcua/server/contract"
	"motcua/server/queue"
	"motcua/server/servertest"
	"motcua/server/store"
)

// BenchmarkWriterVsRaw issues tickets through the real HTTP handler from 1,
// 4, 16 and 64 kiosks at once, on a fresh database and on a year-old one,
// and measures raw single-row durable SQLite commits in the same run, one
// after another on one connection (what one commit per ticket could
// reach). It reports
//
//   - ratio: tickets/s through HTTP ÷ raw commits/s;
//   - p99-ms and max-ms: the latency of one issue request;
//   - tickets/commit: the group-commit batch size;
//   - writer-max-ms: the longest the writer spent on one batch, BEGIN to
//     COMMIT (a checkpoint inside a commit would show here);
//   - raw-p99-ms and raw-max-ms: the same for one raw commit, to tell a
//     disk that stalls everyone (other programs on the machine) from a
//     stall of the server's own.
//
// Run it with a count, so both sides do the same work:
//
//	go test -run '^$' -bench WriterVsRaw -benchtime 2000x ./server/api/
//
// The year-old database is generated through the engine with the fake
// clock (issue, call and finish every ticket, day after day) and cached in
// the temporary directory. Its size is MOTCUA_BENCH_DAYS days of
// MOTCUA_BENCH_TICKETS tickets (default 250 × 120, about 30,000 tickets;
// 250 × 1200 is a large centre's year and takes minutes to generate once).
func BenchmarkWriterVsRaw(b *testing.B) {
	year := yearOldDB(b)
	for _, db := range []string{"fresh", "year"} {
		for _, kiosks := range []int{1, 4, 16, 64} {
			b.Run(fmt.Sprintf("db=%s/kiosks=%d", db, kiosks), func(b *testing.B) {
				from := ""
				if db == "year" {
					from = year
				}
				benchWriterVsRaw(b, kiosks, from)
			})
		}
	}
}

func benchWriterVsRaw(b *testing.B, kiosks int, from string) {
	srv, token := benchServer(b, from)
	raw := openRaw(b)
	h := srv.Handler()
	body := []byte(`{"procedure":"2.000884","priority":""}`)
	issue := func() (time.Duration, bool) {
		t0 := time.Now()
		req := httptest.NewRequest("POST", "/api/v1/tickets", bytes.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+token)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != http.StatusCreated {
			b.Errorf("status %d: %s", rec.Code, rec.Body)
			return 0, false
		}
		return time.Since(t0), true
	}
	// Rounds alternate the two sides, so a disk or a neighbour that slows
	// down for a while slows both.
	round := max(100, 4*kiosks)
	lat := make([][]time.Duration, kiosks)
	var rawTime, srvTime time.Duration
	c0, n0 := srv.DB.Stats()
	srv.DB.LongestCommit()
	b.ResetTimer()
	for done := 0; done < b.N; done += round {
		n := min(round, b.N-done)
		rawTime += raw(n)
		start := time.Now()
		var wg sync.WaitGroup
		for k := range kiosks {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := k; i < n; i += kiosks {
					d, ok := issue()
					if !ok {
						return
					}
					lat[k] = append(lat[k], d)
				}
			}()
		}
		wg.Wait()
		srvTime += time.Since(start)
	}
	b.StopTimer()
	c1, n1 := srv.DB.Stats()
	all := slices.Concat(lat...)
	slices.Sort(all)
	ms := func(d time.Duration) float64 { return float64(d) / 1e6 }
	b.ReportMetric(float64(rawTime)/float64(srvTime), "ratio")
	b.ReportMetric(float64(b.N)/srvTime.Seconds(), "tickets/s")
	b.ReportMetric(float64(b.N)/rawTime.Seconds(), "raw-commits/s")
	b.ReportMetric(ms(all[(len(all)-1)*99/100]), "p99-ms")
	b.ReportMetric(ms(all[len(all)-1]), "max-ms")
	b.ReportMetric(float64(n1-n0)/float64(max(1, c1-c0)), "tickets/commit")
	b.ReportMetric(ms(srv.DB.LongestCommit()), "writer-max-ms")
}

// openRaw opens a fresh database with the server's own connection settings
// and returns a function that makes n single-row durable commits, one
// after another, and says how long they took.
func openRaw(b *testing.B) func(n int) time.Duration {
	b.Helper()
	db, err := sql.Open("sqlite", store.DSN(filepath.Join(b.TempDir(), "raw.db")))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { db.Close() })
	db.SetMaxOpenConns(1)
	if _, err := db.Exec("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL)"); err != nil {
		b.Fatal(err)
	}
	var lat []time.Duration
	b.Cleanup(func() {
		if len(lat) == 0 {
			return
		}
		slices.Sort(lat)
		b.ReportMetric(float64(lat[(len(lat)-1)*99/100])/1e6, "raw-p99-ms")
		b.ReportMetric(float64(lat[len(lat)-1])/1e6, "raw-max-ms")
	})
	return func(n int) time.Duration {
		start := time.Now()
		for range n {
			t0 := time.Now()
			if _, err := db.Exec("INSERT INTO t (v) VALUES (?)", "B007"); err != nil {
				b.Fatal(err)
			}
			lat = append(lat, time.Since(t0))
		}
		return time.Since(start)
	}
}

// benchServer starts a test server, on a copy of the database at from when
// given, and returns it with a kiosk token valid in that database.
func benchServer(b *testing.B, from string) (*servertest.Server, string) {
	b.Helper()
	srv := servertest.New(b)
	if from == "" {
		return srv, srv.KioskToken
	}
	srv.Stop()
	dst := filepath.Join(srv.Dir, server.DBFile)
	for _, suffix := range []string{"-wal", "-shm"} {
		os.Remove(dst + suffix)
	}
	copyFile(b, from, dst)
	srv.Clock.Set(yearEnd(b))
	srv.Restart()
	token, err := srv.Auth.AddDevice(context.Background(), fmt.Sprintf("kiosk-bench-%d", time.Now().UnixNano()), contract.RoleKiosk)
	if err != nil {
		b.Fatal(err)
	}
	return srv, token
}

func copyFile(b *testing.B, from, to string) {
	b.Helper()
	in, err := os.Open(from)
	if err != nil {
		b.Fatal(err)
	}
	defer in.Close()
	out, err := os.Create(to)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := io.Copy(out, in); err != nil {
		b.Fatal(err)
	}
	if err := out.Close(); err != nil {
		b.Fatal(err)
	}
}

// benchYear is the size of the year-old database.
func benchYear(b *testing.B) (days, perDay int) {
	days, perDay = 250, 120
	for _, v := range []struct {
		env string
		to  *int
	}{{"MOTCUA_BENCH_DAYS", &days}, {"MOTCUA_BENCH_TICKETS", &perDay}} {
		if s := os.Getenv(v.env); s != "" {
			n, err := strconv.Atoi(s)
			if err != nil || n < 1 {
				b.Fatalf("%s=%q: want a positive number", v.env, s)
			}
			*v.to = n
		}
	}
	return days, perDay
}

// yearEnd is the morning after the generated year: the working days of
// the year-old database run from servertest.Start.
func yearEnd(b *testing.B) time.Time {
	days, _ := benchYear(b)
	return workingDay(days).Add(2 * time.Hour)
}

// workingDay is the morning of the n-th working day from servertest.Start
// (weekends skipped).
func workingDay(n int) time.Time {
	d := servertest.Start
	for i := 0; i < n; {
		d = d.AddDate(0, 0, 1)
		if d.Weekday() != time.Saturday && d.Weekday() != time.Sunday {
			i++
		}
	}
	return d
}

// yearOldDB returns the path of a cached year-old database, generating it
// through the engine the first time.
func yearOldDB(b *testing.B) string {
	b.Helper()
	days, perDay := benchYear(b)
	path := filepath.Join(os.TempDir(), fmt.Sprintf("motcua-bench-year-%dx%d-v%d.db", days, perDay, store.SchemaVersion()))
	if _, err := os.Stat(path); err == nil {
		return path
	}
	srv := servertest.New(b)
	start := time.Now()
	rng := rand.New(rand.NewPCG(uint64(days), uint64(perDay)))
	cat := srv.Engine.Catalogue()
	var procs []string
	for _, p := range cat.Procedures {
		if _, ok := cat.QueueOf(p.Code); ok {
			procs = append(procs, p.Code)
		}
	}
	for d := range days {
		srv.Clock.Advance(workingDay(d).Sub(srv.Clock.Now()))
		simulateDay(b, srv, procs, perDay, rng)
		// The server prunes the event log every hour; a year-old database
		// has a week of events and the pages the older ones left free.
		keep := srv.Clock.Now().Add(-7 * 24 * time.Hour)
		if err := srv.DB.Update(context.Background(), func(tx *store.Tx) error { return tx.PruneEvents(keep) }); err != nil {
			b.Fatal(err)
		}
	}
	srv.Stop()
	tmp := path + ".tmp"
	copyFile(b, filepath.Join(srv.Dir, server.DBFile), tmp)
	if err := os.Rename(tmp, path); err != nil {
		b.Fatal(err)
	}
	b.Logf("generated %d days × %d tickets in %v: %s", days, perDay, time.Since(start).Round(time.Second), path)
	return path
}

// simulateDay issues perDay tickets from 8 kiosks, then has every counter
// call and finish tickets until no one waits; the clock moves with them.
func simulateDay(b *testing.B, srv *servertest.Server, procs []string, perDay int, rng *rand.Rand) {
	b.Helper()
	ctx := context.Background()
	e := srv.Engine
	picks := make([]string, perDay)
	for i := range picks {
		picks[i] = procs[rng.IntN(len(procs))]
	}
	var wg sync.WaitGroup
	for k := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := k; i < perDay; i += 8 {
				if _, err := e.Issue(ctx, contract.IssueTicketRequest{Procedure: picks[i]}, "kiosk-gen"); err != nil {
					b.Error(err)
					return
				}
				srv.Clock.Advance(15 * time.Second)
			}
		}()
	}
	wg.Wait()
	who := queue.Actor{Name: servertest.StaffUser, Role: contract.RoleStaff}
	for _, k := range e.Catalogue().Counters {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				if _, err := e.CallNext(ctx, k.Number, who); err != nil {
					return // queue empty
				}
				srv.Clock.Advance(30 * time.Second)
				if _, err := e.Finish(ctx, k.Number, who); err != nil {
					b.Error(err)
					return
				}
			}
		}()
	}
	wg.Wait()
}
