package queue

import (
	"context"
	"encoding/csv"
	"io"
	"motcua/server/safetext"
	"strconv"
	"strings"
	"time"
)

// AuditEntry is one line of the accountability log: who did what, when, at
// which counter and to which ticket.
type AuditEntry struct {
	ID      int64     `json:"id"`
	At      time.Time `json:"at"`
	Actor   string    `json:"actor"`
	Role    string    `json:"role"`
	Action  string    `json:"action"`
	Counter int       `json:"counter,omitempty"`
	Ticket  string    `json:"ticket,omitempty"`
	Detail  string    `json:"detail,omitempty"`
}

// AuditQuery filters the log. Zero fields do not filter; Text matches the
// actor, action, ticket or detail anywhere.
type AuditQuery struct {
	From, To time.Time
	Actor    string
	Action   string
	Counter  int
	Ticket   string
	Text     string
	// Limit bounds the answer (DefaultAuditLimit when zero, at most
	// MaxAuditLimit); newest first.
	Limit int
}

// Audit page sizes: a screen shows the default; an export may take the
// maximum, a year of a large centre's actions.
const (
	DefaultAuditLimit = 200
	MaxAuditLimit     = 500000
)

// Audit searches the accountability log, newest first.
func (e *Engine) Audit(ctx context.Context, q AuditQuery) ([]AuditEntry, error) {
	where, args := q.where()
	limit := q.Limit
	if limit <= 0 {
		limit = DefaultAuditLimit
	}
	limit = min(limit, MaxAuditLimit)
	rows, err := e.db.Reader().QueryContext(ctx, "SELECT id, at, actor, role, action, counter, ticket, detail FROM audit"+
		where+" ORDER BY at DESC, id DESC LIMIT ?", append(args, limit)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []AuditEntry{}
	loc := e.Location()
	for rows.Next() {
		var a AuditEntry
		var at int64
		if err := rows.Scan(&a.ID, &at, &a.Actor, &a.Role, &a.Action, &a.Counter, &a.Ticket, &a.Detail); err != nil {
			return nil, err
		}
		a.At = microTime(at, loc)
		out = append(out, a)
	}
	return out, rows.Err()
}

func (q AuditQuery) where() (string, []any) {
	var conds []string
	var args []any
	add := func(cond string, v ...any) { conds, args = append(conds, cond), append(args, v...) }
	if !q.From.IsZero() {
		add("at >= ?", q.From.UnixMicro())
	}
	if !q.To.IsZero() {
		add("at < ?", q.To.UnixMicro())
	}
	if q.Actor != "" {
		add("actor = ?", strings.ToLower(strings.TrimSpace(q.Actor)))
	}
	if q.Action != "" {
		add("action LIKE ? ESCAPE '\\'", likePrefix(q.Action))
	}
	if q.Counter > 0 {
		add("counter = ?", q.Counter)
	}
	if q.Ticket != "" {
		t := strings.TrimSpace(q.Ticket)
		add("(ticket = ? COLLATE NOCASE OR detail = ?)", t, t)
	}
	if q.Text != "" {
		like := "%" + escapeLike(strings.TrimSpace(q.Text)) + "%"
		add("(actor LIKE ? ESCAPE '\\' OR action LIKE ? ESCAPE '\\' OR ticket LIKE ? ESCAPE '\\' OR detail LIKE ? ESCAPE '\\')", like, like, like, like)
	}
	if len(conds) == 0 {
		return "", nil
	}
	return " WHERE " + strings.Join(conds, " AND "), args
}

func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// likePrefix matches an action and its sub-actions: "ticket" finds
// "ticket.call", "ticket.finish", …
func likePrefix(s string) string { return escapeLike(strings.TrimSpace(s)) + "%" }

// AuditCSVHeader is the first line of an export.
var AuditCSVHeader = []string{"id", "thoi_gian", "nguoi_thuc_hien", "vai_tro", "thao_tac", "quay", "so_phieu", "chi_tiet"}

// WriteAuditCSV writes entries as CSV (UTF-8 with a byte-order mark, so a
// spreadsheet opens the Vietnamese text correctly). Cells that a
// spreadsheet would run as a formula are prefixed with a quote.
func WriteAuditCSV(w io.Writer, entries []AuditEntry) error {
	if _, err := io.WriteString(w, "\uFEFF"); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	if err := cw.Write(AuditCSVHeader); err != nil {
		return err
	}
	for _, a := range entries {
		counter := ""
		if a.Counter > 0 {
			counter = strconv.Itoa(a.Counter)
		}
		rec := []string{strconv.FormatInt(a.ID, 10), a.At.Format("2006-01-02 15:04:05"), a.Actor, a.Role, a.Action, counter, a.Ticket, a.Detail}
		for i := range rec {
			rec[i] = safetext.DefuseCell(rec[i])
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}
