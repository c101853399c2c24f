// Package queue is the centre's queue engine: it issues ticket numbers,
// decides who is called next, moves tickets through their lifecycle, takes
// ratings and help requests, and holds the catalogue and settings in force.
//
// Every operation is one store change: the state it alters and the event
// that announces it are written in the same transaction, and the event is
// published only after the commit (store.Tx.OnCommit). The service day is
// computed from the injected clock in the centre's time zone, so numbers
// reset at local midnight without any scheduled job, whatever the host's TZ.
package queue

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/base32"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"net/url"
	"strings"
	"sync"
	"time"
	_ "time/tzdata" // the centre's zone must resolve on a host without tzdata

	"motcua/server/catalogue"
	"motcua/server/clock"
	"motcua/server/contract"
	"motcua/server/store"
)

// DefaultTimeZone is the zone of every Vietnamese centre.
const DefaultTimeZone = "Asia/Ho_Chi_Minh"

// Publisher receives every event after its change has committed, in sequence
// order. It must not block.
type Publisher interface {
	Publish(ev contract.Event, wire []byte)
}

// Actor is who asks for a change, for the audit log.
type Actor struct {
	Name string
	Role string
}

// Engine runs one centre's queues. It is safe for concurrent use; the store's
// single writer serialises every change, which is what makes call-next
// atomic across counters.
type Engine struct {
	db    *store.DB
	clock clock.Clock
	pub   Publisher

	mu       sync.RWMutex
	cat      contract.Catalogue
	settings contract.Settings
	loc      *time.Location

	statsMu sync.Mutex
	stats   map[string]serviceStats // "day/queue" → the day's service figures

	// codeFailures counts wrong short codes per ticket id on codeDay.
	codeMu       sync.Mutex
	codeDay      string
	codeFailures map[string]int

	// alerts limits how fast each device may raise help requests and faults.
	alerts limiter

	clockMu   sync.Mutex
	clockStep *contract.ClockWarning // the last clock step the writer saw
}

// stageKey names the in-memory copies a change stages for the later changes
// of its transaction (store.Tx.Stage).
type stageKey int

const (
	stagedCatalogue stageKey = iota
	stagedSettings
)

// settingsInForce is the settings with their resolved time zone.
type settingsInForce struct {
	s   contract.Settings
	loc *time.Location
}

// Open loads the catalogue and settings, installing the embedded defaults
// on first start.
func Open(ctx context.Context, db *store.DB, c clock.Clock, pub Publisher) (*Engine, error) {
	e := &Engine{db: db, clock: c, pub: pub, stats: map[string]serviceStats{}}
	if err := e.load(ctx); err != nil {
		return nil, err
	}
	db.WatchClock(e.clockStepped)
	return e, nil
}

func (e *Engine) load(ctx context.Context) error {
	s, err := e.loadSettings(ctx)
	if err != nil {
		return err
	}
	loc, err := time.LoadLocation(s.TimeZone)
	if err != nil {
		return fmt.Errorf("queue: time zone %q: %w", s.TimeZone, err)
	}
	cat, err := e.loadCatalogue(ctx)
	if err != nil {
		return err
	}
	e.mu.Lock()
	e.settings, e.loc, e.cat = s, loc, cat
	e.mu.Unlock()
	return nil
}

func (e *Engine) loadSettings(ctx context.Context) (contract.Settings, error) {
	var raw string
	err := e.db.Reader().QueryRowContext(ctx, "SELECT json FROM settings WHERE id = 1").Scan(&raw)
	if errors.Is(err, sql.ErrNoRows) {
		s := DefaultSettings()
		err = e.db.Update(ctx, func(tx *store.Tx) error { return putJSON(tx, "settings", s) })
		return s, err
	}
	if err != nil {
		return contract.Settings{}, err
	}
	var s contract.Settings
	return s, json.Unmarshal([]byte(raw), &s)
}

func (e *Engine) loadCatalogue(ctx context.Context) (contract.Catalogue, error) {
	var raw string
	var version int64
	err := e.db.Reader().QueryRowContext(ctx, "SELECT version, json FROM catalogue WHERE id = 1").Scan(&version, &raw)
	if errors.Is(err, sql.ErrNoRows) {
		cat := catalogue.Default()
		cat.Version = 1
		err = e.db.Update(ctx, func(tx *store.Tx) error { return putCatalogue(tx, cat, tx.Now()) })
		return cat, err
	}
	if err != nil {
		return contract.Catalogue{}, err
	}
	var cat contract.Catalogue
	if err := json.Unmarshal([]byte(raw), &cat); err != nil {
		return contract.Catalogue{}, fmt.Errorf("queue: stored catalogue: %w", err)
	}
	cat.Version = version
	return cat, nil
}

func putJSON(tx *store.Tx, table string, v any) error {
	raw, err := json.Marshal(v)
	if err != nil {
		return err
	}
	_, err = tx.Exec("INSERT INTO "+table+" (id, json) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET json = excluded.json", string(raw))
	return err
}

func putCatalogue(tx *store.Tx, cat contract.Catalogue, now time.Time) error {
	raw, err := json.Marshal(cat)
	if err != nil {
		return err
	}
	_, err = tx.Exec(`INSERT INTO catalogue (id, version, json, updated_at) VALUES (1, ?, ?, ?)
		ON CONFLICT (id) DO UPDATE SET version = excluded.version, json = excluded.json, updated_at = excluded.updated_at`,
		cat.Version, string(raw), now.UnixMicro())
	return err
}

// DefaultSettings is how a new centre starts: Gia Viên's name, Vietnamese
// time, two priority tickets per normal one, nobody waits more than 45
// minutes, Wednesday fast lane on queue N, and the code-of-conduct slogans.
func DefaultSettings() contract.Settings {
	return contract.Settings{
		CentreName: contract.Text{
			VI: "Trung tâm Phục vụ hành chính công phường Gia Viên",
			EN: "Gia Viên Ward Public Administrative Service Centre",
		},
		TimeZone:        DefaultTimeZone,
		PriorityRatio:   2,
		MaxWaitS:        45 * 60,
		FastLane:        contract.FastLane{Enabled: true, Weekday: int(time.Wednesday), Queue: "N"},
		DefaultServiceS: 6 * 60,
		Announcement: contract.AnnouncementSettings{
			Template:   "Xin mời công dân có số thứ tự {number} đến quầy số {counter}",
			Repeat:     2,
			Volume:     80,
			HelpNotice: true,
		},
		Slogans: []contract.Text{
			{VI: "4 xin: Xin chào – Xin lỗi – Xin cảm ơn – Xin phép", EN: "4 pleases: hello, sorry, thank you, excuse me"},
			{VI: "4 luôn: Luôn mỉm cười – Luôn nhẹ nhàng – Luôn lắng nghe – Luôn giúp đỡ", EN: "4 always: smile, be gentle, listen, help"},
			{VI: "5 không: Không gây phiền hà, sách nhiễu – Không thờ ơ, vô cảm – Không hách dịch, cửa quyền – Không nói tục – Không nhận quà, tiền",
				EN: "5 nevers: no harassment, no indifference, no arrogance, no rude words, no gifts or money"},
		},
		Notices: []contract.Text{
			{VI: "Thứ Tư hằng tuần: tiếp nhận và trả kết quả trong ngày đối với một số thủ tục", EN: "Every Wednesday: same-day service for selected procedures"},
			{VI: "Đoàn viên thanh niên hỗ trợ nộp hồ sơ trực tuyến và cài đặt VNeID", EN: "Youth volunteers help you apply online and install VNeID"},
		},
	}
}

// Catalogue returns a copy of the catalogue in force, which the caller may
// change freely (an admin edit starts from it).
func (e *Engine) Catalogue() contract.Catalogue {
	return cloneCatalogue(e.catalogue())
}

// CatalogueView returns the catalogue in force without copying it: a
// read-only view shared by every request (answering GET /catalogue or a
// ticket page must not deep-copy 400 procedures). Callers must not modify
// it; use Catalogue for a copy to edit.
func (e *Engine) CatalogueView() contract.Catalogue { return e.catalogue() }

// catalogue is CatalogueView for the engine's own use.
func (e *Engine) catalogue() contract.Catalogue {
	e.mu.RLock()
	defer e.mu.RUnlock()
	return e.cat
}

// cloneCatalogue deep-copies a catalogue. A JSON round trip is the simplest
// copy that can never miss a nested slice, and catalogues are small.
func cloneCatalogue(c contract.Catalogue) contract.Catalogue {
	raw, err := json.Marshal(c)
	if err != nil {
		panic(err) // a contract.Catalogue always encodes
	}
	var out contract.Catalogue
	if err := json.Unmarshal(raw, &out); err != nil {
		panic(err)
	}
	return out
}

// catalogueIn is the catalogue a change works with: the one an earlier
// change of the same transaction installed, else the one in force.
func (e *Engine) catalogueIn(tx *store.Tx) contract.Catalogue {
	if v, ok := tx.Staged(stagedCatalogue); ok {
		return v.(contract.Catalogue)
	}
	return e.catalogue()
}

// settingsIn is the settings a change works with (see catalogueIn).
func (e *Engine) settingsIn(tx *store.Tx) settingsInForce {
	if v, ok := tx.Staged(stagedSettings); ok {
		return v.(settingsInForce)
	}
	e.mu.RLock()
	defer e.mu.RUnlock()
	return settingsInForce{e.settings, e.loc}
}

// now is the change's time (fixed by the store when the change started) in
// the centre's zone.
func (e *Engine) now(tx *store.Tx) time.Time { return tx.Now().In(e.settingsIn(tx).loc) }

// dayOf is the service day of a time already in the centre's zone.
func dayOf(t time.Time) string { return t.Format("2006-01-02") }

// Settings returns the settings in force.
func (e *Engine) Settings() contract.Settings {
	e.mu.RLock()
	defer e.mu.RUnlock()
	return e.settings
}

// Location is the centre's time zone.
func (e *Engine) Location() *time.Location {
	e.mu.RLock()
	defer e.mu.RUnlock()
	return e.loc
}

// Now is the current time in the centre's zone.
func (e *Engine) Now() time.Time { return e.clock.Now().In(e.Location()) }

// Day is the service day that contains t, in the centre's zone.
func (e *Engine) Day(t time.Time) string { return t.In(e.Location()).Format("2006-01-02") }

// ReplaceCatalogue validates and installs a new catalogue, publishing the
// procedures that changed.
func (e *Engine) ReplaceCatalogue(ctx context.Context, cat contract.Catalogue, who Actor) (contract.Catalogue, error) {
	if err := catalogue.Validate(&cat); err != nil {
		return contract.Catalogue{}, invalid(err.Error())
	}
	err := e.db.Update(ctx, func(tx *store.Tx) error {
		now := e.now(tx)
		old := e.catalogueIn(tx)
		cat.Version = old.Version + 1
		changed, removed := catalogue.Diff(old, cat)
		if err := putCatalogue(tx, cat, now); err != nil {
			return err
		}
		detail := fmt.Sprintf("phiên bản %d: %d thủ tục thay đổi, %d bị xoá", cat.Version, len(changed), len(removed))
		if err := audit(tx, now, who, "catalogue.replace", 0, "", detail); err != nil {
			return err
		}
		ev := contract.CatalogueEvent{Version: cat.Version, Changed: changed, Removed: removed}
		tx.Stage(stagedCatalogue, cat)
		return e.emit(tx, contract.EventCatalogueChanged, now, ev, func() {
			e.mu.Lock()
			e.cat = cat
			e.mu.Unlock()
		})
	})
	return cat, err
}

// UpdateSettings validates and installs new settings.
func (e *Engine) UpdateSettings(ctx context.Context, s contract.Settings, who Actor) (contract.Settings, error) {
	loc, err := e.validateSettings(&s)
	if err != nil {
		return contract.Settings{}, err
	}
	err = e.db.Update(ctx, func(tx *store.Tx) error {
		now := e.now(tx)
		if err := putJSON(tx, "settings", s); err != nil {
			return err
		}
		if err := audit(tx, now, who, "settings.update", 0, "", ""); err != nil {
			return err
		}
		tx.Stage(stagedSettings, settingsInForce{s, loc})
		return e.emit(tx, contract.EventSettingsChanged, now, e.centreInfo(s, now.In(loc)), func() {
			e.mu.Lock()
			e.settings, e.loc = s, loc
			e.mu.Unlock()
		})
	})
	return s, err
}

func (e *Engine) validateSettings(s *contract.Settings) (*time.Location, error) {
	var problems []string
	bad := func(msg string) { problems = append(problems, msg) }
	if strings.TrimSpace(s.CentreName.VI) == "" {
		bad("thiếu tên trung tâm / centre name missing")
	}
	loc, err := time.LoadLocation(s.TimeZone)
	if err != nil || s.TimeZone == "" || s.TimeZone == "Local" {
		bad(fmt.Sprintf("múi giờ không hợp lệ %q / unknown time zone", s.TimeZone))
	}
	if s.PriorityRatio < 1 || s.PriorityRatio > 20 {
		bad("tỉ lệ ưu tiên phải từ 1 đến 20 / priority ratio must be 1–20")
	}
	if s.MaxWaitS < 60 || s.MaxWaitS > 8*3600 {
		bad("thời gian chờ tối đa phải từ 60 giây đến 8 giờ / max wait must be 60 s – 8 h")
	}
	if s.DefaultServiceS < 30 || s.DefaultServiceS > 4*3600 {
		bad("thời gian phục vụ mặc định phải từ 30 giây đến 4 giờ / default service time must be 30 s – 4 h")
	}
	if s.FastLane.Weekday < 0 || s.FastLane.Weekday > 6 {
		bad("ngày giải quyết nhanh phải từ 0 (Chủ nhật) đến 6 / fast weekday must be 0–6")
	}
	if _, ok := e.catalogue().Queue(s.FastLane.Queue); s.FastLane.Enabled && !ok {
		bad(fmt.Sprintf("hàng đợi giải quyết nhanh %q không có trong danh mục / fast-lane queue not in catalogue", s.FastLane.Queue))
	}
	problems = append(problems, validateAnnouncement(s.Announcement)...)
	if u, err := publicURL(s.PublicURL); err != nil {
		bad(err.Error())
	} else {
		s.PublicURL = u
	}
	if len(problems) > 0 {
		return nil, invalid(strings.Join(problems, "; "))
	}
	return loc, nil
}

func validateAnnouncement(a contract.AnnouncementSettings) []string {
	var problems []string
	if !strings.Contains(a.Template, "{number}") {
		problems = append(problems, "mẫu thông báo phải có {number} / template needs {number}")
	}
	if a.Repeat < 1 || a.Repeat > 5 {
		problems = append(problems, "số lần đọc phải từ 1 đến 5 / repeat must be 1–5")
	}
	if a.Volume < 0 || a.Volume > 100 {
		problems = append(problems, "âm lượng phải từ 0 đến 100 / volume must be 0–100")
	}
	for _, hm := range []string{a.QuietStart, a.QuietEnd} {
		if _, err := time.Parse("15:04", hm); hm != "" && err != nil {
			problems = append(problems, fmt.Sprintf("giờ %q phải có dạng HH:MM / time must be HH:MM", hm))
		}
	}
	return problems
}

// maxPublicURL bounds the public address: it goes into every ticket's QR
// code, which grows with it.
const maxPublicURL = 200

// publicURL checks the centre's public address (Settings.PublicURL) and
// returns it without a trailing slash, ready for "/t/{id}" after it. Empty
// is allowed (no public address). It is a scheme, a host and a port only:
// a path would not survive the ticket page's own links (they start at
// "/t/"), a query or fragment would swallow the page's path, and a user
// name or password would be printed on every ticket.
func publicURL(raw string) (string, error) {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return "", nil
	}
	refuse := fmt.Errorf("địa chỉ công khai %q phải có dạng http://máy[:cổng] hoặc https://máy[:cổng], không có đường dẫn, ?, # hay mật khẩu / "+
		"public address must be http(s)://host[:port], without path, query, fragment or credentials", raw)
	if len(raw) > maxPublicURL {
		return "", fmt.Errorf("địa chỉ công khai dài quá %d ký tự / public address longer than %d characters", maxPublicURL, maxPublicURL)
	}
	u, err := url.Parse(raw)
	switch {
	case err != nil, u.Scheme != "http" && u.Scheme != "https", u.Host == "", u.Hostname() == "", u.Opaque != "",
		u.User != nil, strings.ContainsAny(raw, "?# \t"), strings.Trim(u.Path, "/") != "":
		return "", refuse
	}
	return strings.TrimRight(u.String(), "/"), nil
}

// centreInfo is the public part of the settings, as of now.
func (e *Engine) centreInfo(s contract.Settings, now time.Time) contract.CentreInfo {
	return contract.CentreInfo{
		Name:               s.CentreName,
		TimeZone:           s.TimeZone,
		Slogans:            s.Slogans,
		Notices:            s.Notices,
		FastDay:            s.FastLane.Enabled && int(now.Weekday()) == s.FastLane.Weekday,
		Announcement:       s.Announcement,
		PublicURL:          s.PublicURL,
		TicketsNeedPrinter: s.TicketsNeedPrinter,
	}
}

// emit appends an event to the change and publishes it after the commit,
// after running apply (which updates in-memory state to match the commit).
func (e *Engine) emit(tx *store.Tx, typ contract.EventType, at time.Time, data any, apply func()) error {
	ev, wire, err := tx.AppendEvent(typ, at, data)
	if err != nil {
		return err
	}
	tx.OnCommit(func() {
		if apply != nil {
			apply()
		}
		if e.pub != nil {
			e.pub.Publish(ev, wire)
		}
	})
	return nil
}

func audit(tx *store.Tx, at time.Time, who Actor, action string, counter int, ticket, detail string) error {
	_, err := tx.Exec("INSERT INTO audit (at, actor, role, action, counter, ticket, detail) VALUES (?, ?, ?, ?, ?, ?, ?)",
		at.UnixMicro(), who.Name, who.Role, action, counter, ticket, detail)
	return err
}

var idEncoding = base32.NewEncoding("abcdefghijklmnopqrstuvwxyz234567").WithPadding(base32.NoPadding)

// newID returns 128 random bits: a ticket id cannot be guessed from another.
func newID() string {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic(err) // crypto/rand never fails on supported platforms
	}
	return idEncoding.EncodeToString(b[:])
}

// CodeDigits is the length of the short code printed on a ticket.
const CodeDigits = 6

// newCode returns the short code printed on a ticket: CodeDigits uniform
// random digits. With the number it proves the paper is in hand; guessing
// is cut short by maxCodeFailures.
func newCode() string {
	n, err := rand.Int(rand.Reader, big.NewInt(1_000_000))
	if err != nil {
		panic(err) // crypto/rand never fails on supported platforms
	}
	return fmt.Sprintf("%06d", n.Int64())
}
