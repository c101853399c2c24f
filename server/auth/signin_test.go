package auth

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"motcua/server/coded"
	"motcua/server/contract"
)

// TestConcurrentGuessesCannotUnlock checks a right password at the same
// time as MaxFailures wrong ones, and lets it settle after they have: the
// lock they set must refuse it. The old code checked the lock before
// hashing and cleared it on success, so the right guess unlocked the
// account.
func TestConcurrentGuessesCannotUnlock(t *testing.T) {
	s, db, ctx := withUser(t)
	const n = MaxFailures + 1
	var checkedAll sync.WaitGroup
	checkedAll.Add(n)
	failuresDone := make(chan struct{})
	s.afterCheck = func(ok bool) {
		checkedAll.Done()
		checkedAll.Wait() // every password is checked before any is settled
		if ok {
			<-failuresDone
		}
	}
	var wg sync.WaitGroup
	var failures sync.WaitGroup
	failures.Add(MaxFailures)
	errs := make(chan error, n)
	for i := 0; i < MaxFailures; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer failures.Done()
			_, err := s.LoginFrom(ctx, fmt.Sprintf("10.0.0.%d", i), "canbo1", "sai-mat-khau")
			errs <- err
		}()
	}
	var right error
	wg.Add(1)
	go func() {
		defer wg.Done()
		_, right = s.LoginFrom(ctx, "10.0.0.99", "canbo1", goodPassword)
	}()
	failures.Wait()
	close(failuresDone)
	wg.Wait()
	close(errs)
	for err := range errs {
		if !errors.Is(err, ErrBadCredentials) {
			t.Errorf("wrong password: %v", err)
		}
	}
	if !errors.Is(right, ErrBadCredentials) {
		t.Fatalf("the right password, checked alongside %d wrong ones, was accepted after they locked the account: %v", MaxFailures, right)
	}
	var locked int64
	var sessions int
	db.Reader().QueryRow("SELECT locked_until FROM users WHERE username = 'canbo1'").Scan(&locked)
	db.Reader().QueryRow("SELECT COUNT(*) FROM sessions").Scan(&sessions)
	if locked <= s.clock.Now().UnixMicro() || sessions != 0 {
		t.Errorf("after %d concurrent failures: locked_until %d, %d sessions", MaxFailures, locked, sessions)
	}
}

// TestEveryConcurrentFailureCounts sends MaxFailures wrong passwords at
// once: each is counted in the write transaction, so together they lock.
func TestEveryConcurrentFailureCounts(t *testing.T) {
	s, _, ctx := withUser(t)
	var checkedAll sync.WaitGroup
	checkedAll.Add(MaxFailures)
	s.afterCheck = func(bool) { checkedAll.Done(); checkedAll.Wait() }
	var wg sync.WaitGroup
	for i := 0; i < MaxFailures; i++ {
		wg.Add(1)
		go func() { defer wg.Done(); s.Login(ctx, "canbo1", "sai-mat-khau") }()
	}
	wg.Wait()
	s.afterCheck = nil
	if _, err := s.Login(ctx, "canbo1", goodPassword); !errors.Is(err, ErrBadCredentials) {
		t.Fatalf("right password after %d concurrent failures: %v, want refused", MaxFailures, err)
	}
}

// TestRefusalsAreAlike: an unknown name, a disabled account, a locked
// account and a wrong password get the very same error and cost exactly
// one password check each, so neither the answer nor its time tells a
// guesser which names exist or are locked.
func TestRefusalsAreAlike(t *testing.T) {
	s, _, ctx := withUser(t)
	for _, u := range []string{"canbo2", "canbo3"} {
		if err := s.AddUser(ctx, u, goodPassword, contract.RoleStaff); err != nil {
			t.Fatal(err)
		}
	}
	off := true
	if _, err := s.UpdateUser(ctx, "canbo2", UserChange{Disabled: &off}, System); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < MaxFailures; i++ {
		s.Login(ctx, "canbo3", "sai-mat-khau")
	}
	cases := []struct{ what, user, password string }{
		{"unknown user", "khongco", goodPassword},
		{"disabled account", "canbo2", goodPassword},
		{"locked account, right password", "canbo3", goodPassword},
		{"wrong password", "canbo1", "sai-mat-khau"},
	}
	var first string
	for _, c := range cases {
		before := s.checked.Load()
		_, err := s.LoginFrom(ctx, "10.0.0.1", c.user, c.password)
		if n := s.checked.Load() - before; n != 1 {
			t.Errorf("%s: %d password checks, want 1", c.what, n)
		}
		var ce *coded.Error
		if !errors.As(err, &ce) || ce.Code != contract.CodeUnauthorized {
			t.Fatalf("%s: %v, want unauthorized", c.what, err)
		}
		if first == "" {
			first = ce.Message
		}
		if ce.Message != first {
			t.Errorf("%s answers %q, the others %q", c.what, ce.Message, first)
		}
	}
}

// TestClientRateLimit: an address over its burst is refused before any
// hashing, with the wait; other addresses are not affected; the bucket
// refills on the service's clock.
func TestClientRateLimit(t *testing.T) {
	s, _, c := newService(t)
	ctx := context.Background()
	if err := s.AddUser(ctx, "canbo1", goodPassword, contract.RoleStaff); err != nil {
		t.Fatal(err)
	}
	s.SetLimits(Limits{Queue: 1, Wait: time.Second, Burst: 3, Every: 10 * time.Second})
	for i := 0; i < 3; i++ {
		if _, err := s.LoginFrom(ctx, "10.0.0.1", "canbo1", "sai"); !errors.Is(err, ErrBadCredentials) {
			t.Fatalf("attempt %d: %v", i+1, err)
		}
	}
	before := s.checked.Load()
	_, err := s.LoginFrom(ctx, "10.0.0.1", "canbo1", goodPassword)
	var re *RetryError
	if !errors.As(err, &re) || coded.Code(err) != contract.CodeRateLimited || re.RetryAfter() != 10 {
		t.Fatalf("over the burst: %v, want rate_limited, retry after 10 s", err)
	}
	if s.checked.Load() != before {
		t.Error("a refused address still cost a password check")
	}
	if _, err := s.LoginFrom(ctx, "10.0.0.2", "canbo1", goodPassword); err != nil {
		t.Errorf("another address: %v", err)
	}
	c.Advance(10 * time.Second)
	if _, err := s.LoginFrom(ctx, "10.0.0.1", "canbo1", goodPassword); err != nil {
		t.Errorf("after the refill: %v", err)
	}
}

// TestClientTableIsBounded: past maxClients addresses, idle ones are
// forgotten, and when none is idle new ones share one bucket.
func TestClientTableIsBounded(t *testing.T) {
	b := newBuckets(1, time.Minute)
	now := time.Date(2026, 11, 25, 8, 0, 0, 0, time.UTC)
	for i := 0; i < maxClients; i++ {
		if ok, _, _ := b.take(fmt.Sprintf("c%d", i), now); !ok {
			t.Fatal("a new client was refused")
		}
	}
	if ok, _, _ := b.take("new-1", now); !ok {
		t.Fatal("the first client past the limit was refused")
	}
	if ok, _, _ := b.take("new-2", now); ok {
		t.Fatal("a second client past the limit got its own bucket")
	}
	if len(b.m) > maxClients+1 {
		t.Fatalf("table holds %d clients", len(b.m))
	}
	now = now.Add(time.Minute)
	if ok, _, _ := b.take("new-3", now); !ok {
		t.Fatal("idle clients were not forgotten")
	}
	if len(b.m) != 1 {
		t.Fatalf("after pruning the table holds %d clients, want 1", len(b.m))
	}
}

// TestChecksAreBounded holds the running checks: no more than Checks run
// at once, Queue more wait, and the next is answered busy at once.
func TestChecksAreBounded(t *testing.T) {
	s, _, ctx := withUser(t)
	s.SetLimits(Limits{Checks: 2, Queue: 1, Wait: time.Hour, Burst: 100, Every: time.Second})
	release := make(chan struct{})
	var running, most atomic.Int32
	entered := make(chan struct{}, 10)
	s.inCheck = func(string) {
		n := running.Add(1)
		for m := most.Load(); n > m && !most.CompareAndSwap(m, n); m = most.Load() {
		}
		entered <- struct{}{}
		<-release
		running.Add(-1)
	}
	var wg sync.WaitGroup
	errs := make(chan error, 3)
	for i := 0; i < 3; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := s.Login(ctx, "canbo1", goodPassword)
			errs <- err
		}()
	}
	<-entered
	<-entered
	for s.gate.waiting() < 1 { // the third is in line
		time.Sleep(time.Millisecond)
	}
	_, err := s.Login(ctx, "canbo1", goodPassword)
	var re *RetryError
	if coded.Code(err) != contract.CodeUnavailable || !errors.As(err, &re) {
		t.Fatalf("with the line full: %v, want unavailable with a retry", err)
	}
	close(release)
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Errorf("a check that waited its turn: %v", err)
		}
	}
	if most.Load() != 2 {
		t.Errorf("%d checks ran at once, want 2", most.Load())
	}
}

// TestCheckWaitIsShort: a check that finds no slot within Wait is busy.
func TestCheckWaitIsShort(t *testing.T) {
	s, _, ctx := withUser(t)
	s.SetLimits(Limits{Checks: 1, Queue: 4, Wait: time.Millisecond, Burst: 100, Every: time.Second})
	release, entered := make(chan struct{}), make(chan struct{})
	s.inCheck = func(string) { close(entered); <-release }
	done := make(chan error)
	go func() { _, err := s.Login(ctx, "canbo1", goodPassword); done <- err }()
	<-entered
	if _, err := s.Login(ctx, "canbo1", goodPassword); coded.Code(err) != contract.CodeUnavailable {
		t.Errorf("no slot within the wait: %v, want unavailable", err)
	}
	close(release)
	if err := <-done; err != nil {
		t.Error(err)
	}
}

func TestChecksForMemory(t *testing.T) {
	if n := checksFor(DefaultParams); n != 1 {
		t.Errorf("checks at DefaultParams: %d, want 1 (64 MiB each)", n)
	}
	if n := checksFor(Params{Memory: 32 * 1024}); n != 2 {
		t.Errorf("checks of a 32 MiB hash: %d, want 2", n)
	}
	if n := checksFor(Params{Memory: 256 * 1024}); n != 1 {
		t.Errorf("checks of a 256 MiB hash: %d, want 1", n)
	}
	if n := checksFor(TestParams); n != maxChecks {
		t.Errorf("checks of a cheap hash: %d, want %d", n, maxChecks)
	}
}

func TestPasswordRules(t *testing.T) {
	s, _, ctx := withUser(t)
	nfd := strings.Repeat("e\u0323\u0302", 4) // "ệệệệ" in combining marks: 12 code points, 4 letters
	for _, pw := range []string{
		nfd,
		"mat-khau\tdai-du", "mat-khau\x00dai-du", "mat-khau\x7fdai-du", "mat-khau\u0085dai-du",
		"mat-khau-\u202Eud-iad", "mat-khau-\u2066dai-du", "mat-khau-\u200Fdai-du",
		"mat-khau-\xffdai-du", "ngan", strings.Repeat("x", 257),
	} {
		if err := s.AddUser(ctx, "moi", pw, contract.RoleStaff); coded.Code(err) != contract.CodeInvalid {
			t.Errorf("password %q: %v, want invalid", pw, err)
		}
	}
	for i, pw := range []string{"mật khẩu dài", strings.Repeat("ệ", 10), strings.Repeat("e\u0323\u0302", 10)} {
		if err := s.AddUser(ctx, fmt.Sprintf("moi%d", i), pw, contract.RoleStaff); err != nil {
			t.Errorf("password %q: %v", pw, err)
		}
		if _, err := s.Login(ctx, fmt.Sprintf("moi%d", i), pw); err != nil {
			t.Errorf("sign in with %q: %v", pw, err)
		}
	}
}

func TestResetPassword(t *testing.T) {
	s, db, ctx := withUser(t)
	audit := newAudit(t, db)
	old, err := s.Login(ctx, "canbo1", goodPassword)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < MaxFailures; i++ {
		s.Login(ctx, "canbo1", "sai-mat-khau")
	}
	audit()
	if err := s.ResetPassword(ctx, "CanBo1", "mat-khau-moi-cap", boss); err != nil {
		t.Fatal(err)
	}
	wantOne(t, "reset", audit(), "quantri", contract.RoleAdmin, "user.password_reset", "canbo1")
	assertNoSecrets(t, db, []string{"mat-khau-moi-cap"})
	if _, err := s.Authenticate(ctx, old.Token); !errors.Is(err, ErrNoAuth) {
		t.Errorf("a session from before the reset still works: %v", err)
	}
	if _, err := s.Login(ctx, "canbo1", goodPassword); !errors.Is(err, ErrBadCredentials) {
		t.Errorf("old password after the reset: %v", err)
	}
	if _, err := s.Login(ctx, "canbo1", "mat-khau-moi-cap"); err != nil {
		t.Errorf("new password (the reset also lifts the lock): %v", err)
	}
	wantCode(t, "own password", s.ResetPassword(ctx, "quantri", "mat-khau-moi-cap", boss), contract.CodeForbidden)
	wantCode(t, "unknown user", s.ResetPassword(ctx, "khongco", "mat-khau-moi-cap", boss), contract.CodeNotFound)
	wantCode(t, "short password", s.ResetPassword(ctx, "canbo1", "ngan", boss), contract.CodeInvalid)
	audit()
	if err := s.ResetPassword(ctx, "canbo1", "mat-khau-tu-may-chu", System); err != nil {
		t.Errorf("reset from the server's command line: %v", err)
	}
	wantOne(t, "reset by system", audit(), "system", "system", "user.password_reset", "canbo1")
}

// TestQuietAddressGoesFirst: with the one slot busy and an address that
// keeps trying already waiting, a check from an address that has hardly
// tried lately (an official's PC) runs next.
func TestQuietAddressGoesFirst(t *testing.T) {
	s, _, ctx := withUser(t)
	if err := s.AddUser(ctx, "canbo2", goodPassword, contract.RoleStaff); err != nil {
		t.Fatal(err)
	}
	s.SetLimits(Limits{Checks: 1, Queue: 4, Wait: time.Hour, Burst: 4, Every: time.Hour})
	for i := 0; i < 2; i++ { // the flood's address spends its first-line checks
		s.LoginFrom(ctx, "10.0.0.66", "khongco", "sai")
	}
	order := make(chan string, 3)
	release := make(chan struct{})
	s.inCheck = func(user string) { order <- user; <-release }
	var wg sync.WaitGroup
	login := func(client, user string) {
		wg.Add(1)
		go func() { defer wg.Done(); s.LoginFrom(ctx, client, user, goodPassword) }()
	}
	login("10.0.0.1", "canbo1") // holds the slot
	if got := <-order; got != "canbo1" {
		t.Fatalf("first in: %s", got)
	}
	login("10.0.0.66", "khongco") // the flood, waiting
	for s.gate.waiting() < 1 {
		time.Sleep(time.Millisecond)
	}
	login("10.0.0.2", "canbo2") // an official, arriving later
	for s.gate.waiting() < 2 {
		time.Sleep(time.Millisecond)
	}
	close(release)
	if got := <-order; got != "canbo2" {
		t.Errorf("after the slot freed, %s ran before the quiet address's check", got)
	}
	wg.Wait()
}

// TestFloodSharesChecks: while the slot is taken, addresses that keep
// trying share RestBurst checks; the next is busy at once, but a quiet
// address still gets in line, and on an idle server nobody is throttled.
func TestFloodSharesChecks(t *testing.T) {
	s, _, ctx := withUser(t)
	s.SetLimits(Limits{Checks: 1, Queue: 8, Wait: time.Hour, Burst: 4, Every: time.Hour, RestBurst: 1, RestEvery: time.Hour})
	for _, a := range []string{"10.0.0.66", "10.0.0.67"} {
		for i := 0; i < 2; i++ { // each flood address spends its first-line checks on an idle server
			if _, err := s.LoginFrom(ctx, a, "khongco", "sai"); !errors.Is(err, ErrBadCredentials) {
				t.Fatalf("%s on an idle server: %v", a, err)
			}
		}
	}
	release := make(chan struct{})
	entered := make(chan string, 4)
	s.inCheck = func(user string) { entered <- user; <-release }
	var wg sync.WaitGroup
	login := func(client, user string) {
		wg.Add(1)
		go func() { defer wg.Done(); s.LoginFrom(ctx, client, user, goodPassword) }()
	}
	login("10.0.0.1", "canbo1")
	<-entered                     // the slot is taken
	login("10.0.0.66", "khongco") // takes the shared check and waits
	for s.gate.waiting() < 1 {
		time.Sleep(time.Millisecond)
	}
	if _, err := s.LoginFrom(ctx, "10.0.0.67", "khongco", "sai"); coded.Code(err) != contract.CodeUnavailable {
		t.Errorf("a second flood address while the shared check is spent: %v, want unavailable", err)
	}
	login("10.0.0.2", "canbo1") // quiet: not throttled
	for s.gate.waiting() < 2 {
		time.Sleep(time.Millisecond)
	}
	close(release)
	wg.Wait()
}
