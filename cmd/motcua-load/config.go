package main

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"motcua/server/client"
)

// Bounds on the load, so a typo (--displays 50000) is refused rather than
// run against a centre's only server.
const (
	maxDevices = 2000
	minRate    = 0.01
	maxRate    = 1000
)

// config is one run's settings, from the command line.
type config struct {
	server               string
	adminUser, adminPass string
	kiosks, counters     int
	displays             int
	duration, service    time.Duration
	rate                 float64
	procedures           []string
	json, cleanup        bool
	// clientOpts are given to every client: the centre's CA for an
	// https:// server (--ca-file), built once and shared.
	clientOpts []client.Option
}

// parseFlags reads the command line and resolves the admin password.
func parseFlags(args []string, log io.Writer) (config, error) {
	var c config
	var procs, passFile, firstRun, caFile string
	fs := flag.NewFlagSet("motcua-load", flag.ContinueOnError)
	fs.SetOutput(log)
	fs.StringVar(&c.server, "server", "http://127.0.0.1:8080", "the running server's address")
	fs.StringVar(&caFile, "ca-file", "", "the centre's CA certificate (ca.crt from motcua-server cert) for an https:// server")
	fs.StringVar(&c.adminUser, "admin-user", "admin", "an admin account, to create the load's devices and staff accounts")
	fs.StringVar(&c.adminPass, "admin-password", "", "its password (visible to other users in the process list: prefer a file)")
	fs.StringVar(&passFile, "admin-password-file", "", "a file holding the admin password")
	fs.StringVar(&firstRun, "first-run", "", "the server's first-run.txt, for the first admin's name and password")
	fs.IntVar(&c.kiosks, "kiosks", 10, "kiosks issuing tickets")
	fs.IntVar(&c.counters, "counters", 6, "officials calling tickets, spread over the catalogue's counters")
	fs.IntVar(&c.displays, "displays", 20, "display boards following the calls")
	fs.DurationVar(&c.duration, "duration", 30*time.Second, "how long the load runs")
	fs.Float64Var(&c.rate, "rate", 5, "tickets per second, all kiosks together")
	fs.DurationVar(&c.service, "service", 2*time.Second, "how long a counter serves each ticket")
	fs.StringVar(&procs, "procedures", "", "comma-separated procedure codes to issue (default: the whole catalogue)")
	fs.BoolVar(&c.json, "json", false, "print the summary as JSON")
	fs.BoolVar(&c.cleanup, "cleanup", true, "afterwards cancel the load's waiting tickets, disable its accounts, revoke its devices")
	if err := fs.Parse(args); err != nil {
		return c, err
	}
	if fs.NArg() > 0 {
		return c, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	c.procedures = splitList(procs)
	if caFile != "" {
		pool, err := client.LoadCAFile(caFile)
		if err != nil {
			return c, err
		}
		c.clientOpts = []client.Option{client.WithRootCAs(pool)}
	}
	if err := c.resolvePassword(passFile, firstRun, explicit(fs, "admin-user")); err != nil {
		return c, err
	}
	return c, c.validate()
}

// explicit tells whether the flag was given on the command line.
func explicit(fs *flag.FlagSet, name string) bool {
	found := false
	fs.Visit(func(f *flag.Flag) { found = found || f.Name == name })
	return found
}

// splitList splits a comma-separated list, dropping blanks.
func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// resolvePassword finds the admin password: the flag, else the password
// file, else the first-run file (whose username is used too, unless
// --admin-user was given).
func (c *config) resolvePassword(passFile, firstRun string, userGiven bool) error {
	switch {
	case c.adminPass != "":
		return nil
	case passFile != "":
		b, err := os.ReadFile(passFile)
		if err != nil {
			return fmt.Errorf("admin password file: %w", err)
		}
		c.adminPass = strings.TrimSpace(string(b))
	case firstRun != "":
		f, err := os.Open(firstRun)
		if err != nil {
			return fmt.Errorf("first-run file: %w", err)
		}
		defer f.Close()
		user, pass, err := parseFirstRun(f)
		if err != nil {
			return fmt.Errorf("%s: %w", firstRun, err)
		}
		if !userGiven && user != "" {
			c.adminUser = user
		}
		c.adminPass = pass
	}
	if c.adminPass == "" {
		return errors.New("an admin password is needed: --admin-password-file FILE, --first-run DATA/first-run.txt or --admin-password")
	}
	return nil
}

// parseFirstRun reads the server's first-run.txt, whose lines look like
// "username: admin" and "password: XYZ"; other lines (the heading) are
// skipped.
func parseFirstRun(r io.Reader) (user, password string, err error) {
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		key, value, ok := strings.Cut(sc.Text(), ":")
		if !ok {
			continue
		}
		switch strings.ToLower(strings.TrimSpace(key)) {
		case "username":
			user = strings.TrimSpace(value)
		case "password":
			password = strings.TrimSpace(value)
		}
	}
	if err := sc.Err(); err != nil {
		return "", "", err
	}
	if password == "" {
		return "", "", errors.New(`no "password:" line`)
	}
	return user, password, nil
}

// validate refuses settings that cannot make a meaningful run.
func (c config) validate() error {
	switch {
	case c.kiosks < 1 || c.kiosks > maxDevices:
		return fmt.Errorf("--kiosks must be 1–%d", maxDevices)
	case c.counters < 1 || c.counters > maxDevices:
		return fmt.Errorf("--counters must be 1–%d", maxDevices)
	case c.displays < 0 || c.displays > maxDevices:
		return fmt.Errorf("--displays must be 0–%d", maxDevices)
	case c.duration <= 0:
		return errors.New("--duration must be positive")
	case !(c.rate >= minRate && c.rate <= maxRate):
		return fmt.Errorf("--rate must be %g–%d tickets per second", minRate, maxRate)
	case c.service < 0:
		return errors.New("--service must not be negative")
	}
	return nil
}
