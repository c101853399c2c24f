// Package servertest starts a real centre server inside a test: a fresh
// data folder, a listener on 127.0.0.1 only, a fake clock, and ready-made
// accounts and device tokens. The kiosk and display tests use it (and only
// it) to run against the real thing rather than a mock.
package servertest

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"testing"
	"time"

	"motcua/server"
	"motcua/server/auth"
	"motcua/server/client"
	"motcua/server/clock"
	"motcua/server/contract"
)

// Accounts created in every test server.
const (
	StaffUser     = "canbo1"
	StaffPassword = "mat-khau-can-bo-1"
	AdminUser     = "quantri"
	AdminPassword = "mat-khau-quan-tri"
)

// Start is Wednesday 25 November 2026, 08:00 in Hải Phòng: a working day
// and the fast day, so tests see the Wednesday rules unless they move.
var Start = time.Date(2026, 11, 25, 8, 0, 0, 0, time.FixedZone("ICT", 7*3600))

// Server is a running test server.
type Server struct {
	*server.Server
	URL          string
	Addr         string
	Dir          string
	Clock        *clock.Fake
	KioskToken   string
	DisplayToken string
	t            testing.TB
	done         chan error
}

// New starts a server that is stopped when the test ends.
func New(t testing.TB) *Server {
	t.Helper()
	s := &Server{Dir: t.TempDir(), Clock: clock.NewFake(Start), t: t}
	s.open("127.0.0.1:0")
	ctx := context.Background()
	must(t, s.Auth.AddUser(ctx, StaffUser, StaffPassword, contract.RoleStaff))
	must(t, s.Auth.AddUser(ctx, AdminUser, AdminPassword, contract.RoleAdmin))
	var err error
	s.KioskToken, err = s.Auth.AddDevice(ctx, "kiosk-test", contract.RoleKiosk)
	must(t, err)
	s.DisplayToken, err = s.Auth.AddDevice(ctx, "display-test", contract.RoleDisplay)
	must(t, err)
	t.Cleanup(func() { s.Stop() })
	return s
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func (s *Server) open(addr string) {
	s.t.Helper()
	srv, err := server.Open(context.Background(), server.Config{
		DataDir: s.Dir, Clock: s.Clock, Hash: auth.TestParams,
		Log: slog.New(slog.NewTextHandler(io.Discard, nil)),
	})
	must(s.t, err)
	ln, err := listen(addr)
	if err != nil {
		srv.Close()
		s.t.Fatal(err)
	}
	s.Server, s.Addr, s.URL = srv, ln.Addr().String(), "http://"+ln.Addr().String()
	s.done = make(chan error, 1)
	go func() { s.done <- srv.Serve(ln) }()
}

// listen binds addr, retrying briefly: after a restart the old socket may
// take a moment to be released.
func listen(addr string) (net.Listener, error) {
	var err error
	for i := 0; i < 50; i++ {
		var ln net.Listener
		if ln, err = net.Listen("tcp", addr); err == nil {
			return ln, nil
		}
		time.Sleep(20 * time.Millisecond)
	}
	return nil, err
}

// Stop shuts the server down (idempotent).
func (s *Server) Stop() {
	if s.Server == nil {
		return
	}
	s.Server.Close()
	<-s.done
	s.Server = nil
}

// Restart stops the server and starts it again on the same address and
// data folder, as after a power cut or an upgrade.
func (s *Server) Restart() {
	s.t.Helper()
	s.Stop()
	s.open(s.Addr)
}

// Kiosk returns a client with the kiosk's device token.
func (s *Server) Kiosk() *client.Client { return s.client(s.KioskToken) }

// Tablet registers the rating tablet of counter n (a kiosk device bound to
// that counter, named tablet-N) and returns a client with its token.
func (s *Server) Tablet(n int) *client.Client {
	s.t.Helper()
	token, err := s.Auth.AddDeviceWith(context.Background(),
		auth.DeviceSpec{Name: fmt.Sprintf("tablet-%d", n), Role: contract.RoleKiosk, Counter: n, Replace: true}, auth.System)
	must(s.t, err)
	return s.client(token)
}

// Display returns a client with the display's device token.
func (s *Server) Display() *client.Client { return s.client(s.DisplayToken) }

// Staff returns a client signed in as the staff account.
func (s *Server) Staff() *client.Client { return s.login(StaffUser, StaffPassword) }

// Admin returns a client signed in as the admin account.
func (s *Server) Admin() *client.Client { return s.login(AdminUser, AdminPassword) }

func (s *Server) client(token string) *client.Client {
	s.t.Helper()
	c, err := client.New(s.URL, token)
	must(s.t, err)
	return c
}

func (s *Server) login(user, password string) *client.Client {
	s.t.Helper()
	c := s.client("")
	_, err := c.Login(context.Background(), user, password)
	must(s.t, err)
	return c
}
