package queue

import (
	"context"
	"sync"
	"testing"
	"time"

	"motcua/server/coded"
	"motcua/server/contract"
)

var (
	otherStaff = Actor{Name: "canbo2", Role: contract.RoleStaff}
	adminActor = Actor{Name: "quantri", Role: contract.RoleAdmin}
)

// TestCounterBelongsToItsOfficial: the first official to open a counter
// holds it; another official's actions there are refused (the old code let
// any official call, finish or transfer at any counter); the holder and an
// admin may release it, and both are audited.
func TestCounterBelongsToItsOfficial(t *testing.T) {
	f := newFixture(t)
	f.useSmallCatalogue()
	ctx := context.Background()
	f.issue("2.000884", "")
	f.issue("2.000884", "")
	c, err := f.eng.ClaimCounter(ctx, 3, staffActor)
	if err != nil || c.Username != "canbo1" || c.Counter != 3 {
		t.Fatalf("claim: %+v %v", c, err)
	}
	if _, err := f.eng.ClaimCounter(ctx, 3, staffActor); err != nil {
		t.Fatalf("claiming one's own counter again (signed in anew): %v", err)
	}
	f.callNext(3)
	for name, act := range map[string]func() error{
		"claim":     func() error { _, err := f.eng.ClaimCounter(ctx, 3, otherStaff); return err },
		"call-next": func() error { _, err := f.eng.CallNext(ctx, 3, otherStaff); return err },
		"finish":    func() error { _, err := f.eng.Finish(ctx, 3, otherStaff); return err },
		"no-show":   func() error { _, err := f.eng.NoShow(ctx, 3, otherStaff); return err },
		"recall":    func() error { _, err := f.eng.Recall(ctx, 3, otherStaff); return err },
		"transfer": func() error {
			_, err := f.eng.Transfer(ctx, 3, contract.TransferRequest{Counter: 1}, otherStaff)
			return err
		},
		"release": func() error { return f.eng.ReleaseCounter(ctx, 3, otherStaff) },
		"admin acting": func() error {
			_, err := f.eng.Start(ctx, 3, adminActor)
			return err
		},
	} {
		if err := act(); coded.Code(err) != contract.CodeCounterNotYours {
			t.Errorf("%s by another official: %v, want %s", name, err, contract.CodeCounterNotYours)
		}
	}
	if err := f.eng.ReleaseCounter(ctx, 3, adminActor); err != nil {
		t.Fatalf("admin release: %v", err)
	}
	if _, err := f.eng.Start(ctx, 3, otherStaff); err != nil {
		t.Fatalf("after the release another official takes over: %v", err)
	}
	if err := f.eng.ReleaseCounter(ctx, 3, otherStaff); err != nil {
		t.Fatalf("the holder releases: %v", err)
	}
	wantCode(t, f.eng.ReleaseCounter(ctx, 3, otherStaff), contract.CodeNotFound)

	log, err := f.eng.Audit(ctx, AuditQuery{Action: "counter."})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for i := len(log) - 1; i >= 0; i-- {
		got = append(got, log[i].Actor+" "+log[i].Action)
	}
	want := []string{"canbo1 counter.claim", "quantri counter.release", "canbo2 counter.claim", "canbo2 counter.release"}
	if len(got) != len(want) {
		t.Fatalf("audit %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("audit %v, want %v", got, want)
		}
	}
}

// TestClaimLastsTheDay: a claim left open overnight does not lock the
// counter the next morning, and signing out frees the official's counters.
func TestClaimLastsTheDay(t *testing.T) {
	f := newFixture(t)
	f.useSmallCatalogue()
	ctx := context.Background()
	if _, err := f.eng.ClaimCounter(ctx, 1, staffActor); err != nil {
		t.Fatal(err)
	}
	f.clock.Advance(24 * time.Hour)
	if c, err := f.eng.ClaimCounter(ctx, 1, otherStaff); err != nil || c.Username != "canbo2" {
		t.Fatalf("next day: %+v %v", c, err)
	}
	if err := f.eng.ReleaseCountersOf(ctx, otherStaff); err != nil {
		t.Fatal(err)
	}
	if _, err := f.eng.ClaimCounter(ctx, 1, staffActor); err != nil {
		t.Fatalf("after the holder signed out: %v", err)
	}
	wantCode(t, func() error { _, err := f.eng.ClaimCounter(ctx, 99, staffActor); return err }(), contract.CodeNotFound)
}

// TestClaimRace: two officials open the same free counter at once; exactly
// one gets it, because the check and the claim share one transaction.
func TestClaimRace(t *testing.T) {
	f := newFixture(t)
	f.useSmallCatalogue()
	ctx := context.Background()
	for i := 0; i < 20; i++ {
		f.issue("1.001193", "")
	}
	var wg sync.WaitGroup
	errs := make([]error, 2)
	for i, who := range []Actor{staffActor, otherStaff} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, errs[i] = f.eng.CallNext(ctx, 2, who)
		}()
	}
	wg.Wait()
	ok := 0
	for _, err := range errs {
		switch {
		case err == nil:
			ok++
		case coded.Code(err) != contract.CodeCounterNotYours:
			t.Fatalf("unexpected error %v", err)
		}
	}
	if ok != 1 {
		t.Fatalf("%d officials acted at one counter: %v", ok, errs)
	}
}
