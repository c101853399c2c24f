package backup_test

import (
	"context"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"motcua/server/backup"
	"motcua/server/contract"
	"motcua/server/servertest"
)

// fill issues n tickets through the engine from 32 goroutines (group
// commit), as several months of a ward centre's work.
func fill(b *testing.B, srv *servertest.Server, n int) {
	b.Helper()
	var wg sync.WaitGroup
	per := n / 32
	for range 32 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range per {
				if _, err := srv.Engine.Issue(context.Background(), contract.IssueTicketRequest{Procedure: procedure}, "bench"); err != nil {
					b.Error(err)
					return
				}
			}
		}()
	}
	wg.Wait()
}

// BenchmarkBackup copies a database holding 20 000 tickets (with their
// transitions and events), verifying it, as the daily backup does.
func BenchmarkBackup(b *testing.B) {
	srv := servertest.New(b)
	fill(b, srv, 20000)
	dir := b.TempDir()
	var size int64
	start := time.Now()
	for i := 0; b.Loop(); i++ {
		info, err := backup.Backup(context.Background(), dbPath(srv), filepath.Join(dir, "b.db"))
		if err != nil {
			b.Fatal(err)
		}
		size = info.Size
	}
	elapsed := time.Since(start) / time.Duration(b.N)
	b.ReportMetric(float64(size)/(1<<20), "MB")
	b.ReportMetric(float64(elapsed.Milliseconds()), "ms/backup")
}

// BenchmarkIssueDuringBackup measures ticket issue latency from 8 kiosks
// with and without backups running back to back meanwhile: VACUUM INTO
// reads a snapshot and must not hold up the writer.
func BenchmarkIssueDuringBackup(b *testing.B) {
	for _, during := range []bool{false, true} {
		name := "idle"
		if during {
			name = "during-backups"
		}
		b.Run(name, func(b *testing.B) {
			srv := servertest.New(b)
			fill(b, srv, 20000)
			ctx, stop := context.WithCancel(context.Background())
			var bg sync.WaitGroup
			backups := 0
			if during {
				bg.Add(1)
				go func() {
					defer bg.Done()
					out := filepath.Join(b.TempDir(), "b.db")
					for ctx.Err() == nil {
						if _, err := backup.Backup(ctx, dbPath(srv), out); err == nil {
							backups++
						}
					}
				}()
			}
			lat := issueFrom(b, srv, 8)
			stop()
			bg.Wait()
			slices.Sort(lat)
			b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
			b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds())/1000, "p99-ms")
			b.ReportMetric(float64(lat[len(lat)-1].Microseconds())/1000, "max-ms")
			b.ReportMetric(float64(backups), "backups")
		})
	}
}

// issueFrom issues b.N tickets from k goroutines and returns each latency.
func issueFrom(b *testing.B, srv *servertest.Server, k int) []time.Duration {
	b.Helper()
	var mu sync.Mutex
	var lat []time.Duration
	var wg sync.WaitGroup
	b.ResetTimer()
	for g := range k {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := g; i < b.N; i += k {
				t0 := time.Now()
				if _, err := srv.Engine.Issue(context.Background(), contract.IssueTicketRequest{Procedure: procedure}, "bench"); err != nil {
					b.Error(err)
					return
				}
				d := time.Since(t0)
				mu.Lock()
				lat = append(lat, d)
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	b.StopTimer()
	return lat
}
