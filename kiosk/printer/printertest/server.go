// Package printertest provides a fake network receipt printer, so kiosk
// printing can be tested end to end (status check, job bytes, refusals)
// without paper, hardware or a network beyond the loopback interface.
package printertest

import (
	"bufio"
	"io"
	"net"
	"sync"
	"testing"
	"time"
)

// DLE EOT answers, as an Epson-compatible printer sends them. Every answer
// has bits 1 and 4 set; the named bits are the conditions the kiosk handles.
const (
	Ready        byte = 0x12         // any request: nothing to report
	Offline      byte = Ready | 0x08 // DLE EOT 1: printer offline
	CoverOpen    byte = Ready | 0x04 // DLE EOT 2: cover open
	PaperStopped byte = Ready | 0x20 // DLE EOT 2: printing stopped, paper end
	ErrorFlagged byte = Ready | 0x40 // DLE EOT 2: an error occurred
	CutterError  byte = Ready | 0x08 // DLE EOT 3: autocutter error
	PaperNearEnd byte = Ready | 0x0C // DLE EOT 4: roll nearly used up
	PaperEnd     byte = Ready | 0x60 // DLE EOT 4: no paper
)

// grace is how long Close lets open connections finish sending.
const grace = 2 * time.Second

// Server is a fake raw-port (9100) printer on 127.0.0.1. Like a real one it
// answers DLE EOT status requests and takes everything else as job data;
// unlike one it keeps each connection's job bytes for the test to inspect.
//
// Status requests are answered only before a connection's first job byte,
// which is when clients ask; inside a job the bytes are kept verbatim, since
// raster data can contain the DLE EOT sequence by chance.
type Server struct {
	ln     net.Listener
	mu     sync.Mutex
	status map[byte]byte
	silent bool
	jobs   [][]byte
	asked  int
	conns  map[net.Conn]struct{}
	wg     sync.WaitGroup
	once   sync.Once
}

// NewServer starts a ready printer with paper and closes it when the test
// ends.
func NewServer(tb testing.TB) *Server {
	tb.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatalf("printertest: %v", err)
	}
	s := &Server{ln: ln, status: map[byte]byte{}, conns: map[net.Conn]struct{}{}}
	s.wg.Add(1)
	go s.accept()
	tb.Cleanup(s.Close)
	return s
}

// Addr is the "127.0.0.1:port" to give a printer.TCPPrinter.
func (s *Server) Addr() string { return s.ln.Addr().String() }

// SetStatus sets the answer to DLE EOT n; unset requests answer Ready.
func (s *Server) SetStatus(n, answer byte) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.status[n] = answer
}

// SetSilent makes the server swallow status requests without answering, as
// printers without real-time status do.
func (s *Server) SetSilent(silent bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.silent = silent
}

// Jobs returns a copy of the jobs received so far, one per connection that
// sent anything besides status requests. Call Close first to be sure the
// last job has been read completely.
func (s *Server) Jobs() [][]byte {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([][]byte, len(s.jobs))
	for i, j := range s.jobs {
		out[i] = append([]byte(nil), j...)
	}
	return out
}

// StatusRequests counts the DLE EOT requests received, answered or not.
func (s *Server) StatusRequests() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.asked
}

// ServeConn serves a connection that did not come through the listener,
// such as one end of net.Pipe standing in for a USB printer's device file.
func (s *Server) ServeConn(c net.Conn) {
	s.mu.Lock()
	s.conns[c] = struct{}{}
	s.mu.Unlock()
	s.wg.Add(1)
	go s.serve(c)
}

// Close stops listening and waits for open connections to finish sending
// (cutting them off after a grace period). It is safe to call twice.
func (s *Server) Close() {
	s.once.Do(func() {
		s.ln.Close()
		done := make(chan struct{})
		go func() { s.wg.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(grace):
			s.closeConns()
			<-done
		}
	})
}

func (s *Server) closeConns() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for c := range s.conns {
		c.Close()
	}
}

func (s *Server) accept() {
	defer s.wg.Done()
	for {
		c, err := s.ln.Accept()
		if err != nil {
			return
		}
		s.ServeConn(c)
	}
}

// serve answers status requests until the first other byte, then keeps the
// rest of the stream as the job.
func (s *Server) serve(c net.Conn) {
	defer s.wg.Done()
	defer s.forget(c)
	r := bufio.NewReader(c)
	var job []byte
	for job == nil {
		req, ok := readRequest(r)
		switch {
		case ok:
			s.answer(c, req)
		case req == nil:
			return
		default:
			job = req
		}
	}
	rest, _ := io.ReadAll(r)
	s.mu.Lock()
	s.jobs = append(s.jobs, append(job, rest...))
	s.mu.Unlock()
}

func (s *Server) forget(c net.Conn) {
	c.Close()
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.conns, c)
}

// readRequest reads a DLE EOT n request (ok) or, failing that, the bytes
// that turned out to be job data; nil means the client hung up.
func readRequest(r *bufio.Reader) (req []byte, ok bool) {
	for _, want := range []byte{0x10, 0x04} {
		b, err := r.ReadByte()
		if err != nil {
			return req, false
		}
		req = append(req, b)
		if b != want {
			return req, false
		}
	}
	n, err := r.ReadByte()
	if err != nil {
		return req, false
	}
	return append(req, n), true
}

func (s *Server) answer(c net.Conn, req []byte) {
	s.mu.Lock()
	s.asked++
	silent := s.silent
	a, set := s.status[req[2]]
	s.mu.Unlock()
	if silent {
		return
	}
	if !set {
		a = Ready
	}
	c.Write([]byte{a})
}
