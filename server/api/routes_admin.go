package api

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"motcua/server/auth"
	"motcua/server/contract"
	"motcua/server/queue"
)

// adminRoutes are the endpoints behind the staff console and the
// administration pages: today's figures, a counter's waiting list, the
// audit log, and the account and device lists.
func (a *API) adminRoutes() []Route {
	p := contract.APIPrefix
	return []Route{
		{Method: "GET", Pattern: p + "/stats/today", Roles: staff, h: a.today},
		{Method: "GET", Pattern: p + "/counters/{n}/waiting", Roles: staff, h: a.waiting},
		{Method: "GET", Pattern: p + "/audit", Roles: admin, h: a.audit},
		{Method: "GET", Pattern: p + "/users", Roles: admin, h: a.users},
		{Method: "PATCH", Pattern: p + "/users/{name}", Roles: admin, h: a.updateUser},
		{Method: "GET", Pattern: p + "/devices", Roles: admin, h: a.devices},
	}
}

func (a *API) today(w http.ResponseWriter, r *http.Request, _ auth.Principal) error {
	t, err := a.Engine.Today(r.Context())
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, t)
}

func (a *API) waiting(w http.ResponseWriter, r *http.Request, _ auth.Principal) error {
	n, err := counterParam(r)
	if err != nil {
		return err
	}
	ts, err := a.Engine.Waiting(r.Context(), n)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, ts)
}

// audit searches the log (?from=&to= as YYYY-MM-DD in the centre's zone,
// both days included; actor, action, counter, ticket, q) and answers JSON,
// or CSV for ?format=csv.
func (a *API) audit(w http.ResponseWriter, r *http.Request, _ auth.Principal) error {
	q, err := ParseAuditQuery(r.URL.Query().Get, a.Engine.Location())
	if err != nil {
		return err
	}
	csv := format(r) == "csv"
	if csv && q.Limit == 0 {
		q.Limit = queue.MaxAuditLimit
	}
	entries, err := a.Engine.Audit(r.Context(), q)
	if err != nil {
		return err
	}
	if !csv {
		return writeJSON(w, http.StatusOK, entries)
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="motcua-nhat-ky-%s.csv"`, a.now().Format("20060102-1504")))
	return queue.WriteAuditCSV(w, entries)
}

// ParseAuditQuery reads an audit search from query parameters; the web
// pages use it too, so the page and its CSV link always agree.
func ParseAuditQuery(get func(string) string, loc *time.Location) (queue.AuditQuery, error) {
	q := queue.AuditQuery{Actor: get("actor"), Action: get("action"), Ticket: get("ticket"), Text: get("q")}
	var err error
	if q.From, err = parseDay(get("from"), loc); err != nil {
		return q, err
	}
	if q.To, err = parseDay(get("to"), loc); err != nil {
		return q, err
	}
	if !q.To.IsZero() {
		q.To = q.To.AddDate(0, 0, 1) // the "to" day is included
	}
	if v := get("counter"); v != "" {
		if q.Counter, err = strconv.Atoi(v); err != nil || q.Counter < 1 {
			return q, badRequest("Số quầy không hợp lệ / bad counter")
		}
	}
	if v := get("limit"); v != "" {
		if q.Limit, err = strconv.Atoi(v); err != nil || q.Limit < 1 {
			return q, badRequest("limit phải là số dương / limit must be positive")
		}
	}
	for _, s := range []string{q.Actor, q.Action, q.Ticket, q.Text} {
		if len(s) > 200 {
			return q, badRequest("Điều kiện tìm kiếm quá dài / search term too long")
		}
	}
	return q, nil
}

func parseDay(v string, loc *time.Location) (time.Time, error) {
	if strings.TrimSpace(v) == "" {
		return time.Time{}, nil
	}
	t, err := time.ParseInLocation("2006-01-02", strings.TrimSpace(v), loc)
	if err != nil {
		return t, badRequest(fmt.Sprintf("Ngày %q phải có dạng YYYY-MM-DD / date must be YYYY-MM-DD", v))
	}
	return t, nil
}

func (a *API) users(w http.ResponseWriter, r *http.Request, _ auth.Principal) error {
	us, err := a.Auth.Users(r.Context())
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, us)
}

func (a *API) updateUser(w http.ResponseWriter, r *http.Request, p auth.Principal) error {
	var ch auth.UserChange
	if err := decode(r, &ch); err != nil {
		return err
	}
	u, err := a.Auth.UpdateUser(r.Context(), r.PathValue("name"), ch, p)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, u)
}

func (a *API) devices(w http.ResponseWriter, r *http.Request, _ auth.Principal) error {
	ds, err := a.Auth.Devices(r.Context())
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, ds)
}
