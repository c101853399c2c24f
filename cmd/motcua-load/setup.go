package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"

	"motcua/server/client"
	"motcua/server/contract"
)

// fleet is the run's devices and officials, ready to go.
type fleet struct {
	admin      *adminAPI
	procedures []string
	kiosks     []*client.Client
	counters   []*loadCounter
	displays   []*display
	// users and devices are what the run created, for the cleanup.
	users   []string
	devices []string
	// opts are the client options of the run (its CA).
	opts []client.Option
}

// loadCounter is one official signed in at a counter. Officials who share
// a counter (more of them than the catalogue has counters) take turns
// through desk, as two people at one desk would.
type loadCounter struct {
	user   string
	number int
	c      *client.Client
	desk   chan struct{}
}

// setUp signs in as admin and creates everything the run drives. What it
// created is recorded in the fleet even when it fails half-way, so the
// cleanup can remove it.
func setUp(ctx context.Context, cfg config, f *fleet) error {
	f.opts = cfg.clientOpts
	cat, err := f.admin.Catalogue(ctx)
	if err != nil {
		return fmt.Errorf("catalogue: %w", err)
	}
	if f.procedures, err = pickProcedures(cat, cfg.procedures); err != nil {
		return err
	}
	if err := f.addKiosks(ctx, cfg); err != nil {
		return err
	}
	if err := f.addDisplays(ctx, cfg); err != nil {
		return err
	}
	return f.addCounters(ctx, cfg, cat)
}

// pickProcedures checks the wanted codes against the catalogue, or takes
// every procedure that has a queue.
func pickProcedures(cat contract.Catalogue, want []string) ([]string, error) {
	if len(want) == 0 {
		for _, p := range cat.Procedures {
			want = append(want, p.Code)
		}
	}
	var out []string
	for _, code := range want {
		if _, ok := cat.Procedure(code); !ok {
			return nil, fmt.Errorf("procedure %q is not in the server's catalogue", code)
		}
		if _, ok := cat.QueueOf(code); ok {
			out = append(out, code)
		}
	}
	if len(out) == 0 {
		return nil, errors.New("no procedure with a queue to issue tickets for")
	}
	return out, nil
}

// device registers one device and returns a client with its token.
func (f *fleet) device(ctx context.Context, base, name, role string) (*client.Client, error) {
	token, err := f.admin.addDevice(ctx, name, role)
	if err != nil {
		return nil, fmt.Errorf("device %s: %w", name, err)
	}
	f.devices = append(f.devices, name)
	return client.New(base, token, f.opts...)
}

func (f *fleet) addKiosks(ctx context.Context, cfg config) error {
	for i := 1; i <= cfg.kiosks; i++ {
		c, err := f.device(ctx, cfg.server, fmt.Sprintf("loadtest-kiosk-%d", i), contract.RoleKiosk)
		if err != nil {
			return err
		}
		f.kiosks = append(f.kiosks, c)
	}
	return nil
}

func (f *fleet) addDisplays(ctx context.Context, cfg config) error {
	for i := 1; i <= cfg.displays; i++ {
		c, err := f.device(ctx, cfg.server, fmt.Sprintf("loadtest-display-%d", i), contract.RoleDisplay)
		if err != nil {
			return err
		}
		f.displays = append(f.displays, &display{c: c})
	}
	return nil
}

// addCounters creates one staff account per counter, named with a random
// run id (an existing account's password cannot be reset through the API,
// so each run makes its own), and seats officials at the catalogue's
// counters in turn. Officials sharing a counter sign in with its account:
// a counter belongs to one account (another one's actions are refused with
// counter_not_yours), as a shift's official signing in on a second screen.
func (f *fleet) addCounters(ctx context.Context, cfg config, cat contract.Catalogue) error {
	if len(cat.Counters) == 0 {
		return errors.New("the catalogue has no counters")
	}
	run := randomHex(3)
	desks := make(map[int]chan struct{})
	accounts := make(map[int][2]string) // counter → user, password
	for i := 1; i <= cfg.counters; i++ {
		n := cat.Counters[(i-1)%len(cat.Counters)].Number
		if desks[n] == nil {
			desks[n] = make(chan struct{}, 1)
		}
		acct, ok := accounts[n]
		if !ok {
			acct = [2]string{fmt.Sprintf("loadtest-%s-%d", run, i), randomHex(16)}
			if err := f.admin.addUser(ctx, acct[0], acct[1]); err != nil {
				return fmt.Errorf("staff account %s: %w", acct[0], err)
			}
			f.users = append(f.users, acct[0])
			accounts[n] = acct
		}
		lc, err := f.official(ctx, cfg.server, acct[0], acct[1])
		if err != nil {
			return err
		}
		lc.number, lc.desk = n, desks[n]
		f.counters = append(f.counters, lc)
	}
	return nil
}

// official signs a staff account in.
func (f *fleet) official(ctx context.Context, base, user, password string) (*loadCounter, error) {
	c, err := client.New(base, "", f.opts...)
	if err != nil {
		return nil, err
	}
	if _, err := c.Login(ctx, user, password); err != nil {
		return nil, fmt.Errorf("sign in as %s: %w", user, err)
	}
	return &loadCounter{user: user, c: c}, nil
}

// randomHex returns n random bytes in hex.
func randomHex(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}
