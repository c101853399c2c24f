package printer

import (
	"context"
	"fmt"
	"io"
	"net"
	"strings"
	"time"
)

// DefaultPort is the raw printing port ("JetDirect", "AppSocket") that
// Ethernet receipt printers listen on.
const DefaultPort = "9100"

// drainWait bounds the wait for the printer to close its side after a job.
const drainWait = 2 * time.Second

// TCPPrinter prints to a network printer's raw port. The zero timeouts
// mean the package defaults. It dials for every job, so a printer that was
// switched off and on again needs no reconnect logic.
type TCPPrinter struct {
	// Addr is "host:port" or just "host" for port 9100.
	Addr string
	// DialTimeout bounds connecting; DefaultDialTimeout when zero.
	DialTimeout time.Duration
	// StatusTimeout bounds each status answer; DefaultStatusTimeout when zero.
	StatusTimeout time.Duration
	// WriteTimeout bounds sending the job; DefaultWriteTimeout when zero.
	WriteTimeout time.Duration
	// SkipStatus disables the DLE EOT check, for a printer that mishandles it.
	SkipStatus bool
}

var _ Printer = (*TCPPrinter)(nil)

// Print sends job after checking the status. An unreachable printer is
// ErrOffline as soon as the dial fails or times out.
func (p *TCPPrinter) Print(ctx context.Context, job []byte) error {
	c, err := p.dial(ctx)
	if err != nil {
		return err
	}
	defer c.Close()
	s := newSession(ctx, c)
	defer s.close()
	if err := s.print(job, orDefault(p.StatusTimeout, DefaultStatusTimeout), orDefault(p.WriteTimeout, DefaultWriteTimeout), p.SkipStatus); err != nil {
		return p.wrap(err)
	}
	return p.wrap(finish(s, c))
}

// Status dials and asks the printer for its status.
func (p *TCPPrinter) Status(ctx context.Context) (Status, error) {
	c, err := p.dial(ctx)
	if err != nil {
		return Status{}, err
	}
	defer c.Close()
	s := newSession(ctx, c)
	defer s.close()
	st, err := s.status(orDefault(p.StatusTimeout, DefaultStatusTimeout))
	return st, p.wrap(err)
}

func (p *TCPPrinter) dial(ctx context.Context) (net.Conn, error) {
	d := net.Dialer{Timeout: orDefault(p.DialTimeout, DefaultDialTimeout)}
	c, err := d.DialContext(ctx, "tcp", p.addr())
	switch {
	case err == nil:
		return c, nil
	case ctx.Err() != nil:
		return nil, p.wrap(ctx.Err())
	}
	return nil, p.wrap(fmt.Errorf("%w: %w", ErrOffline, err))
}

func (p *TCPPrinter) addr() string {
	if _, _, err := net.SplitHostPort(p.Addr); err != nil {
		return net.JoinHostPort(strings.Trim(p.Addr, "[]"), DefaultPort)
	}
	return p.Addr
}

func (p *TCPPrinter) wrap(err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("printer %s: %w", p.addr(), err)
}

// finish half-closes the connection and reads until the printer closes its
// side. Closing a socket that still holds unread bytes (a late status
// answer) makes the kernel send a reset, which can destroy the end of the
// job still in flight; draining first ends the conversation cleanly.
func finish(s *session, c net.Conn) error {
	if tc, ok := c.(interface{ CloseWrite() error }); ok {
		if err := tc.CloseWrite(); err != nil {
			return s.fail(err, ErrTimeout)
		}
	}
	s.deadline(drainWait)
	_, _ = io.Copy(io.Discard, c) // the job is out: a slow hang-up is no failure
	return nil
}
