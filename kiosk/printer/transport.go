package printer

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"sync"
	"time"
)

// Printer is a ticket printer however it is attached. Implementations are
// safe for concurrent use, but a kiosk normally prints one ticket at a time.
type Printer interface {
	// Print sends a job (see Encode). It checks the printer's status first
	// where the printer answers, and refuses with ErrPaperOut, ErrCoverOpen,
	// ErrFault or ErrOffline rather than send a ticket that cannot come out.
	Print(ctx context.Context, job []byte) error
	// Status asks the printer how it is, for the kiosk's health report. A
	// printer that does not answer gives ErrNoStatus.
	Status(ctx context.Context) (Status, error)
}

// Default timeouts, chosen for a kiosk where a citizen is waiting: a
// status answer comes in milliseconds or not at all, and a ticket prints in
// two or three seconds even on a slow printer.
const (
	DefaultDialTimeout   = 2 * time.Second
	DefaultStatusTimeout = 500 * time.Millisecond
	DefaultWriteTimeout  = 15 * time.Second
)

// conn is what a job travels through: a TCP socket or a device file.
type conn interface {
	io.ReadWriter
	SetReadDeadline(time.Time) error
	SetWriteDeadline(time.Time) error
}

// session is one conversation with a printer, bounded by ctx: when ctx ends
// the connection's deadlines are moved into the past, so a blocked read or
// write returns at once instead of holding the kiosk.
type session struct {
	ctx  context.Context
	c    conn
	mu   sync.Mutex // orders deadline changes with cancellation
	stop func() bool
}

var past = time.Unix(1, 0)

func newSession(ctx context.Context, c conn) *session {
	s := &session{ctx: ctx, c: c}
	s.stop = context.AfterFunc(ctx, func() { s.setDeadline(past) })
	return s
}

func (s *session) close() { s.stop() }

// deadline bounds the next operations to d from now, or ends them at once
// when ctx is done. It reports false when the connection cannot time out
// (a regular file, some device files).
func (s *session) deadline(d time.Duration) bool {
	t := time.Now().Add(d)
	if s.ctx.Err() != nil {
		t = past
	}
	return s.setDeadline(t)
}

func (s *session) setDeadline(t time.Time) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	r, w := s.c.SetReadDeadline(t), s.c.SetWriteDeadline(t)
	return r == nil && w == nil
}

// fail maps an I/O error: the caller's cancellation wins, an expired
// deadline becomes onTimeout, anything else means the printer went away.
func (s *session) fail(err, onTimeout error) error {
	switch {
	case s.ctx.Err() != nil:
		return s.ctx.Err()
	case errors.Is(err, os.ErrDeadlineExceeded):
		return fmt.Errorf("%w: %w", onTimeout, err)
	}
	return fmt.Errorf("%w: %w", ErrOffline, err)
}

// status asks DLE EOT 1, 2 and 4 (and 3 when an error is flagged), one at
// a time so each answer is known by its position.
func (s *session) status(wait time.Duration) (Status, error) {
	var answers [3]byte
	for i, n := range []byte{statusPrinter, statusOffline, statusPaper} {
		b, err := s.ask(n, wait)
		if err != nil {
			return Status{}, err
		}
		answers[i] = b
	}
	var errByte byte
	if answers[1]&0x40 != 0 {
		errByte, _ = s.ask(statusError, wait)
	}
	return statusFrom(answers[0], answers[1], answers[2], errByte), nil
}

// ask sends DLE EOT n and reads the one-byte answer. Silence, a hang-up or
// a byte without the fixed status bits is ErrNoStatus: the printer simply
// does not do real-time status. Nothing is sent when the connection cannot
// time out, since the read could then block forever.
func (s *session) ask(n byte, wait time.Duration) (byte, error) {
	if !s.deadline(wait) {
		return 0, fmt.Errorf("%w: connection has no read timeout", ErrNoStatus)
	}
	if _, err := s.c.Write([]byte{dle, eot, n}); err != nil {
		return 0, s.fail(err, ErrTimeout)
	}
	var b [1]byte
	_, err := io.ReadFull(s.c, b[:])
	switch {
	case err == nil && !validStatus(b[0]):
		return 0, fmt.Errorf("%w: unexpected answer 0x%02x to DLE EOT %d", ErrNoStatus, b[0], n)
	case err == nil:
		return b[0], nil
	case errors.Is(err, io.EOF):
		return 0, fmt.Errorf("%w: connection closed", ErrNoStatus)
	}
	return 0, s.fail(err, ErrNoStatus)
}

// print checks the status unless skipped, then sends the whole job.
func (s *session) print(job []byte, statusWait, writeWait time.Duration, skipStatus bool) error {
	if !skipStatus {
		st, err := s.status(statusWait)
		switch {
		case errors.Is(err, ErrNoStatus):
		case err != nil:
			return err
		case st.Err() != nil:
			return refusal(st)
		}
	}
	if err := s.ctx.Err(); err != nil {
		return err // too late: a ticket printed now would be a surprise
	}
	s.deadline(writeWait)
	if _, err := s.c.Write(job); err != nil {
		return s.fail(err, ErrTimeout)
	}
	return nil
}

// refusal explains why a job was not sent: the sentinel plus what the printer said.
func refusal(st Status) error {
	if st.Error != "" {
		return fmt.Errorf("%w: %s", st.Err(), st.Error)
	}
	return st.Err()
}

// orDefault is d, or def when d is not set.
func orDefault(d, def time.Duration) time.Duration {
	if d > 0 {
		return d
	}
	return def
}
