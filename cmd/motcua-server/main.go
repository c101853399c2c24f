// Command motcua-server runs the centre server and administers its data
// folder:
//
//	motcua-server serve --listen :8080 --data DIR [--tls-cert F --tls-key F --http-redirect :80]
//	motcua-server cert --name motcua.local --name 192.168.1.10 --data DIR  (local CA + server certificate)
//	motcua-server user add --username U --role staff|admin --data DIR   (password on stdin)
//	motcua-server user passwd --username U --data DIR                   (new password on stdin)
//	motcua-server user unlock --username U --data DIR
//	motcua-server device add --name N --role kiosk|display [--counter N] [--replace] --data DIR   (prints the token)
//	motcua-server device revoke --name N --data DIR
//	motcua-server catalogue import|export FILE --data DIR               (.json or .csv)
//	motcua-server backup --data DIR --out FILE                          (safe while serving)
//	motcua-server restore --data DIR FILE                               (server stopped)
//
// It is pure Go and builds with CGO_ENABLED=0.
package main

import (
	"bufio"
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"motcua/server"
	"motcua/server/auth"
	"motcua/server/backup"
	"motcua/server/catalogue"
	"motcua/server/contract"
	"motcua/server/queue"
)

// FirstRunFile, in the data folder, keeps the first admin's credentials
// until the administrator changes the password and deletes it.
const FirstRunFile = "first-run.txt"

func main() {
	m := NewMain(os.Stdin, os.Stdout, os.Stderr)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := m.Run(ctx, os.Args[1:]); err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, "motcua-server:", err)
		}
		os.Exit(2)
	}
}

// Main is the program, with its inputs and outputs injected so tests can
// drive every subcommand.
type Main struct {
	in       io.Reader
	out, err io.Writer
	// Ready, when set, receives the listener's address once serving.
	Ready func(addr string)
	// RedirectReady, when set, receives the plain-HTTP redirector's address.
	RedirectReady func(addr string)
}

// NewMain returns a Main on the given streams.
func NewMain(in io.Reader, out, err io.Writer) *Main { return &Main{in: in, out: out, err: err} }

// Run runs one subcommand.
func (m *Main) Run(ctx context.Context, args []string) error {
	if len(args) == 0 {
		return m.usage()
	}
	switch cmd, rest := args[0], args[1:]; {
	case cmd == "serve":
		return m.serve(ctx, rest)
	case cmd == "cert":
		return m.cert(ctx, rest)
	case cmd == "user" && len(rest) > 0 && rest[0] == "add":
		return m.userAdd(ctx, rest[1:])
	case cmd == "user" && len(rest) > 0 && rest[0] == "passwd":
		return m.userPasswd(ctx, rest[1:])
	case cmd == "user" && len(rest) > 0 && rest[0] == "unlock":
		return m.userUnlock(ctx, rest[1:])
	case cmd == "device" && len(rest) > 0 && rest[0] == "add":
		return m.deviceAdd(ctx, rest[1:])
	case cmd == "device" && len(rest) > 0 && rest[0] == "revoke":
		return m.deviceRevoke(ctx, rest[1:])
	case cmd == "catalogue" && len(rest) > 0 && (rest[0] == "notice" || rest[0] == "qr-sheet"):
		return m.publishFile(ctx, rest[0], rest[1:])
	case cmd == "catalogue" && len(rest) > 0 && (rest[0] == "import" || rest[0] == "export"):
		return m.catalogue(ctx, rest[0], rest[1:])
	case cmd == "backup":
		return m.backup(ctx, rest)
	case cmd == "restore":
		return m.restore(ctx, rest)
	}
	return m.usage()
}

func (m *Main) usage() error {
	fmt.Fprint(m.err, `usage:
  motcua-server serve [--listen :8080] [--data DIR] [--tls-cert FILE --tls-key FILE [--http-redirect :80]]
                     [--backup-dir DIR|off] [--backup-keep 14] [--backup-copy-to DIR] [--backup-at HH:MM]
  motcua-server cert [--name motcua.local --name 192.168.1.10 ...] [--data DIR] (local CA + server certificate)
  motcua-server user add --username U --role staff|admin [--data DIR]   (password on stdin)
  motcua-server user passwd --username U [--data DIR]                   (new password on stdin)
  motcua-server user unlock --username U [--data DIR]
  motcua-server device add --name N --role kiosk|display [--counter N] [--replace] [--data DIR]   (prints the token)
  motcua-server device revoke --name N [--data DIR]
  motcua-server catalogue import|export FILE [--data DIR]               (.json or .csv; export also .xlsx)
  motcua-server catalogue notice FILE.pdf [--field ID] [--data DIR]     (notice board, A4)
  motcua-server catalogue qr-sheet FILE.pdf [--data DIR]                (one QR per procedure, A4)
  motcua-server backup --out FILE [--data DIR]                          (safe while serving)
  motcua-server restore FILE [--data DIR]                               (stop the server first)
`)
	return flag.ErrHelp
}

// parseWithFile parses a command's flags and its one file argument, which
// may come before or after the flags.
func (m *Main) parseWithFile(fs *flag.FlagSet, args []string) (string, error) {
	var file string
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		file, args = args[0], args[1:]
	}
	if err := fs.Parse(args); err != nil {
		return "", err
	}
	if file == "" && fs.NArg() == 1 {
		file = fs.Arg(0)
	}
	if file == "" {
		return "", m.usage()
	}
	return file, nil
}

// defaultData is where the data folder lives unless --data says otherwise.
func defaultData() string {
	if d := os.Getenv("MOTCUA_DATA"); d != "" {
		return d
	}
	return "data"
}

func (m *Main) flags(name string) (*flag.FlagSet, *string) {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(m.err)
	data := fs.String("data", defaultData(), "data folder (database and first-run credentials)")
	return fs, data
}

func (m *Main) open(ctx context.Context, data string) (*server.Server, error) {
	return server.Open(ctx, server.Config{DataDir: data, Log: slog.New(slog.NewTextHandler(m.err, nil))})
}

// withServer opens the data folder for one administration command.
func (m *Main) withServer(ctx context.Context, data string, fn func(*server.Server) error) error {
	srv, err := m.open(ctx, data)
	if err != nil {
		return err
	}
	defer srv.Close()
	return fn(srv)
}

func (m *Main) serve(ctx context.Context, args []string) error {
	fs, data := m.flags("serve")
	listen := fs.String("listen", ":8080", "address to listen on")
	secure := bindTLS(fs)
	backups := addBackupFlags(fs)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if err := secure.load(m.err, time.Now()); err != nil {
		return err
	}
	srv, err := m.openServing(ctx, *data, backups)
	if err != nil {
		return err
	}
	if err := m.bootstrap(ctx, srv, *data); err != nil {
		srv.Close()
		return err
	}
	ln, err := net.Listen("tcp", *listen)
	if err != nil {
		srv.Close()
		return err
	}
	ln, redirect, stopRedirect, err := m.wrapTLS(secure, ln, srv.Handler(), slog.New(slog.NewTextHandler(m.err, nil)))
	if err != nil {
		srv.Close()
		return err
	}
	m.announce(srv, secure.scheme(), ln.Addr().String(), *data)
	m.announceTLS(secure, redirect)
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	select {
	case err = <-done:
	case <-ctx.Done():
	}
	return errors.Join(err, stopRedirect(), srv.Close())
}

// bootstrap creates the first admin account on a new data folder, so a new
// user can sign in straight away; the password is printed and kept in
// first-run.txt (readable by the owner only).
func (m *Main) bootstrap(ctx context.Context, srv *server.Server, data string) error {
	has, err := srv.Auth.HasAdmin(ctx)
	if err != nil || has {
		return err
	}
	b := make([]byte, 12)
	rand.Read(b)
	password := base64.RawURLEncoding.EncodeToString(b)
	if err := srv.Auth.AddUser(ctx, "admin", password, contract.RoleAdmin); err != nil {
		return err
	}
	note := fmt.Sprintf("Tài khoản quản trị đầu tiên / first admin account\nusername: admin\npassword: %s\n", password)
	return backup.WriteFile(filepath.Join(data, FirstRunFile), []byte(note), 0o600)
}

func (m *Main) announce(srv *server.Server, scheme, addr, data string) {
	host, port, _ := net.SplitHostPort(addr)
	if host == "" || host == "::" || host == "0.0.0.0" {
		host = "localhost"
	}
	url := scheme + "://" + net.JoinHostPort(host, port)
	cat := srv.Engine.CatalogueView()
	fmt.Fprintf(m.out, "motcua-server: %s\n  phục vụ tại / serving at %s\n  danh mục: %d thủ tục, %d hàng đợi, %d quầy\n",
		srv.Engine.Settings().CentreName.VI, url, len(cat.Procedures), len(cat.Queues), len(cat.Counters))
	if note, err := os.ReadFile(filepath.Join(data, FirstRunFile)); err == nil {
		fmt.Fprintf(m.out, "  %s", strings.ReplaceAll(string(note), "\n", "\n  "))
		fmt.Fprintf(m.out, "(%s)\n", filepath.Join(data, FirstRunFile))
	}
	if m.Ready != nil {
		m.Ready(addr)
	}
}

func (m *Main) userAdd(ctx context.Context, args []string) error {
	fs, data := m.flags("user add")
	username := fs.String("username", "", "login name")
	role := fs.String("role", contract.RoleStaff, "staff or admin")
	if err := fs.Parse(args); err != nil {
		return err
	}
	password, err := m.password()
	if err != nil {
		return err
	}
	return m.withServer(ctx, *data, func(srv *server.Server) error {
		if err := srv.Auth.AddUser(ctx, *username, password, *role); err != nil {
			return err
		}
		fmt.Fprintf(m.out, "user %s (%s) added\n", strings.ToLower(*username), *role)
		return nil
	})
}

// password reads one line from standard input, so a password never shows
// in the process list or the shell history.
func (m *Main) password() (string, error) {
	password, err := bufio.NewReader(m.in).ReadString('\n')
	if err != nil && !(errors.Is(err, io.EOF) && password != "") {
		return "", fmt.Errorf("password expected on standard input")
	}
	return strings.TrimRight(password, "\r\n"), nil
}

// userPasswd gives an account a new password when nobody can sign in to
// the admin page (the last admin forgot theirs); the audit log names the
// system as its author, and the account's sessions end.
func (m *Main) userPasswd(ctx context.Context, args []string) error {
	fs, data := m.flags("user passwd")
	username := fs.String("username", "", "login name")
	if err := fs.Parse(args); err != nil {
		return err
	}
	password, err := m.password()
	if err != nil {
		return err
	}
	return m.withServer(ctx, *data, func(srv *server.Server) error {
		if err := srv.Auth.ResetPassword(ctx, *username, password, auth.System); err != nil {
			return err
		}
		fmt.Fprintf(m.out, "password of %s changed; its sessions ended\n", strings.ToLower(*username))
		return nil
	})
}

// userUnlock lifts a lockout after repeated wrong passwords.
func (m *Main) userUnlock(ctx context.Context, args []string) error {
	fs, data := m.flags("user unlock")
	username := fs.String("username", "", "login name")
	if err := fs.Parse(args); err != nil {
		return err
	}
	return m.withServer(ctx, *data, func(srv *server.Server) error {
		if _, err := srv.Auth.UpdateUser(ctx, *username, auth.UserChange{Unlock: true}, auth.System); err != nil {
			return err
		}
		fmt.Fprintf(m.out, "user %s unlocked\n", strings.ToLower(*username))
		return nil
	})
}

func (m *Main) deviceAdd(ctx context.Context, args []string) error {
	fs, data := m.flags("device add")
	name := fs.String("name", "", "device name, e.g. kiosk-1")
	role := fs.String("role", contract.RoleKiosk, "kiosk or display")
	counter := fs.Int("counter", 0, "make this kiosk the rating tablet of counter N (it may rate only what N served)")
	replace := fs.Bool("replace", false, "give an existing device a new token (its old one stops working)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	return m.withServer(ctx, *data, func(srv *server.Server) error {
		spec := auth.DeviceSpec{Name: *name, Role: *role, Counter: *counter, Replace: *replace}
		token, err := srv.Auth.AddDeviceWith(ctx, spec, auth.System)
		if err == nil {
			fmt.Fprintln(m.out, token)
		}
		return err
	})
}

func (m *Main) deviceRevoke(ctx context.Context, args []string) error {
	fs, data := m.flags("device revoke")
	name := fs.String("name", "", "device name")
	if err := fs.Parse(args); err != nil {
		return err
	}
	return m.withServer(ctx, *data, func(srv *server.Server) error { return srv.Auth.RevokeDevice(ctx, *name) })
}

func (m *Main) catalogue(ctx context.Context, verb string, args []string) error {
	fs, data := m.flags("catalogue " + verb)
	file, err := m.parseWithFile(fs, args)
	if err != nil {
		return err
	}
	if verb == "export" && strings.EqualFold(filepath.Ext(file), ".xlsx") {
		return m.writePublished(ctx, *data, "xlsx", "", file)
	}
	csv := strings.EqualFold(filepath.Ext(file), ".csv")
	return m.withServer(ctx, *data, func(srv *server.Server) error {
		if verb == "export" {
			return exportCatalogue(srv.Engine.CatalogueView(), file, csv)
		}
		return m.importCatalogue(ctx, srv, file, csv)
	})
}

func exportCatalogue(cat contract.Catalogue, file string, csv bool) error {
	f, err := os.Create(file)
	if err != nil {
		return err
	}
	encode := catalogue.EncodeJSON
	if csv {
		encode = catalogue.EncodeCSV
	}
	return errors.Join(encode(f, cat), f.Close())
}

func (m *Main) importCatalogue(ctx context.Context, srv *server.Server, file string, csv bool) error {
	f, err := os.Open(file)
	if err != nil {
		return err
	}
	defer f.Close()
	decode := catalogue.DecodeJSON
	if csv {
		decode = catalogue.DecodeCSV
	}
	cat, err := decode(f)
	if err != nil {
		return err
	}
	out, err := srv.Engine.ReplaceCatalogue(ctx, cat, queue.Actor{Name: "cli", Role: contract.RoleAdmin})
	if err != nil {
		return err
	}
	fmt.Fprintf(m.out, "catalogue version %d: %d procedures, %d queues, %d counters\n", out.Version, len(out.Procedures), len(out.Queues), len(out.Counters))
	return nil
}
