package api_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"motcua/server"
	"motcua/server/auth"
	"motcua/server/clock"
	"motcua/server/contract"
	"motcua/server/servertest"
)

// BenchmarkLoginFlood is the waiting room's attack on sign-in, with the
// real argon2id cost (auth.DefaultParams): 32 goroutines post anonymous
// wrong sign-ins as fast as the server answers, from one address (a laptop
// on the public Wi-Fi) or from 32. Meanwhile an official signs in from
// their own counter PC (b.N times, each from a fresh address) and a kiosk
// issues tickets. It reports the process's resident memory (VmRSS) before,
// at its peak during, and after the flood; the official's sign-in time;
// and the p95 of ticket issue during the flood against the same measured
// idle. Run:
//
//	go test -run '^$' -bench BenchmarkLoginFlood -benchtime 5x ./server/api/
func BenchmarkLoginFlood(b *testing.B) {
	for _, addrs := range []int{1, 32} {
		b.Run(fmt.Sprintf("attackers=32/addresses=%d", addrs), func(b *testing.B) { loginFlood(b, addrs) })
	}
}

func loginFlood(b *testing.B, addrs int) {
	env := newFloodEnv(b)
	rss := newRSSSampler()
	defer rss.stop()

	idleIssue := env.issueFor(2 * time.Second)
	var idleLogin []time.Duration
	for i := 0; i < 3; i++ {
		t0 := time.Now()
		if env.login(clientFrom(fmt.Sprintf("127.0.3.%d", 1+i)), servertest.StaffUser, servertest.StaffPassword) != http.StatusOK {
			b.Fatal("idle sign-in failed")
		}
		idleLogin = append(idleLogin, time.Since(t0))
	}
	rssIdle := rss.now()

	stop := make(chan struct{})
	var attacks, refused atomic.Int64
	answered := make([]atomic.Int64, addrs) // answers other than 429, per address
	var wg sync.WaitGroup
	for i := 0; i < 32; i++ {
		wg.Add(1)
		hc := clientFrom(fmt.Sprintf("127.0.2.%d", 1+i%addrs))
		go func() {
			defer wg.Done()
			for n := 0; ; n++ {
				select {
				case <-stop:
					return
				default:
				}
				status := env.login(hc, fmt.Sprintf("khach-%d-%d", i, n), "doan-bua-mat-khau")
				attacks.Add(1)
				if status == http.StatusTooManyRequests || status == http.StatusServiceUnavailable {
					refused.Add(1)
				}
				if status != http.StatusTooManyRequests {
					answered[i%addrs].Add(1)
				}
			}
		}()
	}
	// The flood's steady state: every address has had the two answers
	// that a fresh address gets from the gate's first line.
	for i := range answered {
		for answered[i].Load() < 2 {
			time.Sleep(10 * time.Millisecond)
		}
	}
	time.Sleep(time.Second)

	b.ResetTimer()
	start := time.Now()
	var official []time.Duration
	failed := 0
	for i := 0; i < b.N; i++ {
		t0 := time.Now()
		if env.login(clientFrom(fmt.Sprintf("127.0.1.%d", 1+i%250)), servertest.StaffUser, servertest.StaffPassword) != http.StatusOK {
			failed++
		}
		official = append(official, time.Since(t0))
	}
	b.StopTimer()
	floodIssue := env.issueFor(2 * time.Second)
	rssPeak := rss.peak()
	rate := float64(attacks.Load()) / time.Since(start).Seconds()
	close(stop)
	wg.Wait()
	time.Sleep(2 * time.Second)
	rssAfter := rss.now()

	if failed > 0 {
		b.Errorf("%d of %d official sign-ins failed during the flood", failed, b.N)
	}
	b.ReportMetric(rssIdle, "rss-idle-MB")
	b.ReportMetric(rssPeak, "rss-peak-MB")
	b.ReportMetric(rssAfter, "rss-after-MB")
	b.ReportMetric(ms(slices.Max(official)), "official-login-max-ms")
	b.ReportMetric(ms(mean(official)), "official-login-mean-ms")
	b.ReportMetric(ms(mean(idleLogin)), "official-login-idle-ms")
	b.ReportMetric(ms(p95(idleIssue)), "issue-p95-idle-ms")
	b.ReportMetric(ms(p95(floodIssue)), "issue-p95-flood-ms")
	b.ReportMetric(float64(p95(floodIssue))/float64(p95(idleIssue)), "issue-p95-ratio")
	b.ReportMetric(rate, "attacks/s")
	b.ReportMetric(float64(refused.Load())/float64(max(attacks.Load(), 1)), "attacks-refused-frac")
}

// floodEnv is a real server with the production hash cost, listening on
// 127.0.0.1, on a fake clock that follows the wall clock from a working
// Wednesday morning (so tickets can be issued and the rate limit refills).
type floodEnv struct {
	b     *testing.B
	url   string
	kiosk string
}

func newFloodEnv(b *testing.B) *floodEnv {
	b.Helper()
	fake := clock.NewFake(servertest.Start)
	srv, err := server.Open(context.Background(), server.Config{DataDir: b.TempDir(), Clock: fake, Hash: auth.DefaultParams,
		Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	if err := srv.Auth.AddUser(ctx, servertest.StaffUser, servertest.StaffPassword, contract.RoleStaff); err != nil {
		b.Fatal(err)
	}
	kiosk, err := srv.Auth.AddDevice(ctx, "kiosk-1", contract.RoleKiosk)
	if err != nil {
		b.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	go srv.Serve(ln)
	done := make(chan struct{})
	go func() {
		t := time.NewTicker(10 * time.Millisecond)
		defer t.Stop()
		last := time.Now()
		for {
			select {
			case <-done:
				return
			case now := <-t.C:
				fake.Advance(now.Sub(last))
				last = now
			}
		}
	}()
	b.Cleanup(func() { close(done); srv.Close() })
	return &floodEnv{b: b, url: "http://" + ln.Addr().String(), kiosk: kiosk}
}

// login posts a sign-in as the browser's page does and returns the status.
func (e *floodEnv) login(hc *http.Client, user, password string) int {
	req, _ := http.NewRequest("POST", e.url+"/api/v1/login", bytes.NewReader(loginBody(user, password)))
	req.Header.Set("Content-Type", "application/json")
	resp, err := hc.Do(req)
	if err != nil {
		return 0
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode
}

// issueFor issues tickets one after another from the kiosk for d and
// returns each one's latency.
func (e *floodEnv) issueFor(d time.Duration) []time.Duration {
	hc := clientFrom("127.0.0.3")
	body := []byte(`{"procedure":"2.000815","priority":""}`)
	var out []time.Duration
	for end := time.Now().Add(d); time.Now().Before(end); {
		req, _ := http.NewRequest("POST", e.url+"/api/v1/tickets", bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer "+e.kiosk)
		t0 := time.Now()
		resp, err := hc.Do(req)
		if err != nil {
			e.b.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusCreated {
			e.b.Fatalf("issue: %d", resp.StatusCode)
		}
		out = append(out, time.Since(t0))
	}
	return out
}

// rssSampler polls the process's VmRSS to catch its peak.
type rssSampler struct {
	max  atomic.Int64
	done chan struct{}
}

func newRSSSampler() *rssSampler {
	s := &rssSampler{done: make(chan struct{})}
	go func() {
		t := time.NewTicker(10 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-s.done:
				return
			case <-t.C:
				if kb := vmRSS(); kb > s.max.Load() {
					s.max.Store(kb)
				}
			}
		}
	}()
	return s
}

func (s *rssSampler) now() float64  { return float64(vmRSS()) / 1024 }
func (s *rssSampler) peak() float64 { return float64(s.max.Load()) / 1024 }
func (s *rssSampler) stop()         { close(s.done) }

// vmRSS is the resident set size in KiB from /proc/self/status.
func vmRSS() int64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == "VmRSS:" {
			n, _ := strconv.ParseInt(f[1], 10, 64)
			return n
		}
	}
	return 0
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

func mean(ds []time.Duration) time.Duration {
	var sum time.Duration
	for _, d := range ds {
		sum += d
	}
	return sum / time.Duration(max(len(ds), 1))
}

func p95(ds []time.Duration) time.Duration {
	s := slices.Clone(ds)
	slices.Sort(s)
	if len(s) == 0 {
		return 0
	}
	return s[len(s)*95/100]
}
