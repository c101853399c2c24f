package queue

import (
	"context"
	"crypto/subtle"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"motcua/server/coded"
	"motcua/server/contract"
	"motcua/server/store"
)

// maxReason bounds a rating's reason and a fault's message.
const maxReason = 500

func microTime(v int64, loc *time.Location) time.Time { return time.UnixMicro(v).In(loc) }

// Rater is who sends a rating: the kiosk device and, from its device
// record, the counter it is the rating tablet of (0 for an entrance kiosk);
// or, with Holder, the citizen's phone on the ticket's QR page, whose proof
// is the ticket's unguessable id in the page's address.
type Rater struct {
	Device  string
	Counter int
	Holder  bool
}

// maxCodeFailures is how many wrong short codes a ticket tolerates before
// it can no longer be rated by code: enough for a citizen's typos, far too
// few to guess one code in a million.
const maxCodeFailures = 5

var (
	errNeedCode    = invalid("Xin nhập mã số in trên vé / enter the code printed on the ticket")
	errNoTicketRef = invalid("Thiếu số thứ tự / ticket missing")
	errBadCode     = coded.New(contract.CodeRatingNotAllowed, "Mã trên vé không đúng / the code does not match the ticket")
	// errLocked is "locked", not "rating_not_allowed", so that a kiosk
	// tells the citizen to rate at the counter rather than to type again.
	errLocked = coded.New(contract.CodeLocked,
		"Nhập sai mã quá nhiều lần; xin đánh giá tại quầy / too many wrong codes; please rate at the counter")
)

// Rate records a citizen's rating of a served ticket, given by its id or by
// its number today. Only one rating per ticket is accepted, and only from
// whoever can show the right to give it: the rating tablet of the counter
// that served the ticket, or the citizen holding the paper, who types the
// short code printed on it at an entrance kiosk. Any other kiosk is refused,
// so nobody can pre-empt a citizen by rating their number first.
func (e *Engine) Rate(ctx context.Context, req contract.RatingRequest, by Rater) (contract.Rating, error) {
	req.Reason, req.Code = strings.TrimSpace(req.Reason), strings.TrimSpace(req.Code)
	if err := checkRating(req); err != nil {
		return contract.Rating{}, err
	}
	if err := checkProof(req.Ticket, req.Code, by); err != nil {
		return contract.Rating{}, err
	}
	var out contract.Rating
	err := e.db.Update(ctx, func(tx *store.Tx) error {
		now := e.now(tx)
		t, err := e.rateable(ctx, tx, req.Ticket, req.Code, by, e.Day(now))
		if err != nil {
			return err
		}
		out = contract.Rating{Ticket: t.ID, Number: t.Number, Counter: t.Counter, Score: req.Score, Reason: req.Reason, At: now}
		if _, err := tx.Exec("INSERT INTO ratings (ticket, number, counter, score, reason, day, at, device) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
			t.ID, t.Number, t.Counter, req.Score, req.Reason, t.Day, now.UnixMicro(), by.Device); err != nil {
			return err
		}
		return e.emit(tx, contract.EventRatingCreated, now, out, nil)
	})
	return out, err
}

// CheckRating tells a kiosk, before it shows the faces, whether Rate would
// take a rating of this ticket from it, and what to show above the faces.
// It applies Rate's rules through the same code (rateable), so it refuses
// exactly what Rate would refuse, in the same order and with the same
// codes, and a wrong code counts toward the lock just as in Rate: checking
// first gives no extra guesses. It writes nothing, so it reads a snapshot
// instead of waiting for the writer.
func (e *Engine) CheckRating(ctx context.Context, req contract.RatingCheckRequest, by Rater) (contract.RatingCheck, error) {
	req.Code = strings.TrimSpace(req.Code)
	if strings.TrimSpace(req.Ticket) == "" {
		return contract.RatingCheck{}, errNoTicketRef
	}
	if err := checkProof(req.Ticket, req.Code, by); err != nil {
		return contract.RatingCheck{}, err
	}
	var t row
	err := e.db.Read(ctx, func(tx *sql.Tx) error {
		var err error
		t, err = e.rateable(ctx, tx, req.Ticket, req.Code, by, e.Day(e.Now()))
		return err
	})
	if err != nil {
		return contract.RatingCheck{}, err
	}
	out := contract.RatingCheck{Number: t.Number, Procedure: t.Procedure, Counter: t.Counter}
	cat := e.catalogue()
	if p, ok := cat.Procedure(t.Procedure); ok {
		out.ProcedureName = p.Short()
	}
	if c, ok := cat.Counter(t.Counter); ok {
		out.CounterName = c.Name
	}
	return out, nil
}

// checkProof checks, before any lookup, that the request carries what its
// sender needs to prove the right to rate: the QR page names a ticket by
// its id, never by a number anyone can read on the board; an entrance
// kiosk needs the code printed on the ticket.
func checkProof(ticket, code string, by Rater) error {
	if len(code) > 16 {
		return invalid("Mã trên vé không hợp lệ / bad ticket code")
	}
	if by.Holder && validNumber(strings.ToUpper(strings.TrimSpace(ticket))) {
		return invalid("Trang đánh giá cần mã vé, không phải số thứ tự / the QR page rates by ticket id")
	}
	if by.Counter == 0 && !by.Holder && code == "" {
		return errNeedCode
	}
	return nil
}

// rateable finds the served leg ref names and checks that by may rate it
// and that nobody has: the rules Rate and CheckRating share. The order
// matters and is the same for both: an unknown or unfinished ticket first,
// then the right to rate (a wrong code counts toward the lock), then an
// existing rating, so "already rated" is told only to whoever proved the
// right to know.
func (e *Engine) rateable(ctx context.Context, q store.Querier, ref, code string, by Rater, day string) (row, error) {
	t, err := e.ratedTicket(ctx, q, ref, day)
	if err != nil {
		return t, err
	}
	if err := e.mayRate(t, code, by); err != nil {
		return t, err
	}
	var exists int
	if err := q.QueryRowContext(ctx, "SELECT COUNT(*) FROM ratings WHERE ticket = ?", t.ID).Scan(&exists); err != nil {
		return t, err
	}
	if exists > 0 {
		return t, errRated
	}
	return t, nil
}

// mayRate checks the rater's right to rate t: a tablet bound to the counter
// that served it, the holder of the ticket's id, or the code printed on the
// ticket.
func (e *Engine) mayRate(t row, code string, by Rater) error {
	if by.Holder {
		return nil
	}
	if by.Counter > 0 {
		if t.Counter != by.Counter {
			return coded.New(contract.CodeRatingNotAllowed, fmt.Sprintf(
				"Máy này chỉ đánh giá các số quầy %d đã phục vụ / this tablet rates only the tickets counter %d served", by.Counter, by.Counter))
		}
		return nil
	}
	e.codeMu.Lock()
	defer e.codeMu.Unlock()
	if e.codeFailures == nil || e.codeDay != t.Day {
		e.codeFailures, e.codeDay = map[string]int{}, t.Day
	}
	if e.codeFailures[t.ID] >= maxCodeFailures {
		return errLocked
	}
	if t.code == "" || subtle.ConstantTimeCompare([]byte(code), []byte(t.code)) != 1 {
		e.codeFailures[t.ID]++
		return errBadCode
	}
	return nil
}

func checkRating(req contract.RatingRequest) error {
	switch {
	case strings.TrimSpace(req.Ticket) == "":
		return errNoTicketRef
	case req.Score < contract.RatingUnsatisfied || req.Score > contract.RatingVerySatisfied:
		return invalid("Điểm đánh giá phải là 1, 2 hoặc 3 / score must be 1, 2 or 3")
	case req.Score == contract.RatingUnsatisfied && req.Reason == "":
		return invalid("Xin cho biết lý do không hài lòng / a reason is required when not satisfied")
	case req.Score == contract.RatingUnsatisfied && otherWithoutText(req.Reason):
		return invalid("Xin ghi rõ lý do khác / please write the other reason")
	case !utf8.ValidString(req.Reason) || utf8.RuneCountInString(req.Reason) > maxReason:
		return invalid(fmt.Sprintf("Lý do tối đa %d ký tự / reason too long", maxReason))
	}
	return nil
}

// otherWithoutText tells whether reason is the bare "Lý do khác" choice,
// with nothing the citizen wrote after it.
func otherWithoutText(reason string) bool {
	if len(reason) < len(contract.ReasonOther) || !strings.EqualFold(reason[:len(contract.ReasonOther)], contract.ReasonOther) {
		return false
	}
	return strings.Trim(reason[len(contract.ReasonOther):], " \t:-–.…") == ""
}

// maxTransferHops bounds how far a rating follows a ticket's transfers.
const maxTransferHops = 20

// ratedTicket finds the served leg a rating is for. A ticket given by id
// (the first leg's, on the paper's QR code) is followed through its
// transfers to the leg that ended the visit.
func (e *Engine) ratedTicket(ctx context.Context, tx store.Querier, ref, day string) (row, error) {
	ref = strings.TrimSpace(ref)
	var t row
	var err error
	if number := strings.ToUpper(ref); validNumber(number) {
		t, err = scanTicket(tx.QueryRowContext(ctx, "SELECT "+ticketColumns+
			" FROM tickets WHERE day = ? AND number = ? AND status = 'done' ORDER BY finished_at DESC LIMIT 1", day, number), e.Location())
		if errors.Is(err, sql.ErrNoRows) {
			// No served leg: a number issued today but still waiting, in
			// service or not served is "not done" (as by id), not unknown,
			// so the kiosk can tell the citizen to come back after service.
			t, err = scanTicket(tx.QueryRowContext(ctx, "SELECT "+ticketColumns+
				" FROM tickets WHERE day = ? AND number = ? ORDER BY seq DESC LIMIT 1", day, number), e.Location())
		}
		if errors.Is(err, sql.ErrNoRows) {
			err = errTicket404
		}
	} else {
		t, err = e.ticketByID(ctx, tx, ref)
		for hops := 0; err == nil && t.Status == contract.StatusTransferred && t.TransferredTo != "" && hops < maxTransferHops; hops++ {
			t, err = e.ticketByID(ctx, tx, t.TransferredTo)
		}
	}
	if err != nil {
		return t, err
	}
	if t.Status != contract.StatusDone {
		return t, conflict(contract.CodeConflict, "Chỉ đánh giá được số đã phục vụ xong / only a served ticket can be rated")
	}
	return t, nil
}

// RequestHelp records that a citizen at a kiosk asks for a volunteer. A
// request still open from the same kiosk today is returned instead of a new
// one (an anxious citizen pressing the button five times calls one
// volunteer, not five), and a kiosk pressing faster than AlertEvery is
// refused once its burst is spent.
func (e *Engine) RequestHelp(ctx context.Context, device string) (contract.HelpRequest, error) {
	if !e.alerts.allow(device, e.Now()) {
		return contract.HelpRequest{}, errTooManyAlerts
	}
	var out contract.HelpRequest
	err := e.db.Update(ctx, func(tx *store.Tx) error {
		now := e.now(tx)
		var id, at int64
		err := tx.QueryRowContext(ctx, "SELECT id, at FROM help_requests WHERE day = ? AND device = ? AND taken_by = '' ORDER BY id DESC LIMIT 1",
			e.Day(now), device).Scan(&id, &at)
		if err == nil {
			out = contract.HelpRequest{ID: id, Device: device, At: microTime(at, e.Location())}
			return nil
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		res, err := tx.Exec("INSERT INTO help_requests (device, day, at) VALUES (?, ?, ?)", device, e.Day(now), now.UnixMicro())
		if err != nil {
			return err
		}
		if id, err = res.LastInsertId(); err != nil {
			return err
		}
		out = contract.HelpRequest{ID: id, Device: device, At: now}
		return e.emit(tx, contract.EventHelpRequested, now, out, nil)
	})
	return out, err
}

// TakeHelp records that a staff member or volunteer is going to the kiosk.
func (e *Engine) TakeHelp(ctx context.Context, id int64, who Actor) (contract.HelpRequest, error) {
	var out contract.HelpRequest
	err := e.db.Update(ctx, func(tx *store.Tx) error {
		now := e.now(tx)
		var at int64
		var taken string
		err := tx.QueryRowContext(ctx, "SELECT device, at, taken_by FROM help_requests WHERE id = ?", id).Scan(&out.Device, &at, &taken)
		if errors.Is(err, sql.ErrNoRows) {
			return notFound(contract.CodeNotFound, "Không có yêu cầu hỗ trợ này / no such help request")
		}
		if err != nil {
			return err
		}
		if taken != "" {
			return conflict(contract.CodeConflict, fmt.Sprintf("%s đã nhận yêu cầu này / already taken by %s", taken, taken))
		}
		if _, err := tx.Exec("UPDATE help_requests SET taken_by = ?, taken_at = ? WHERE id = ?", who.Name, now.UnixMicro(), id); err != nil {
			return err
		}
		out.ID, out.At, out.TakenBy, out.TakenAt = id, microTime(at, e.Location()), who.Name, &now
		if err := audit(tx, now, who, "help.take", 0, "", out.Device); err != nil {
			return err
		}
		return e.emit(tx, contract.EventHelpTaken, now, out, nil)
	})
	return out, err
}

// ReportFault records a device's trouble (a printer out of paper) as an
// open alert and publishes it so staff see it on their consoles; it is also
// kept in the audit log. A fault of the same kind still open today from the
// same device is returned instead of a new one: a kiosk that retries a print
// every few seconds raises one alert, not a hundred. A device has at most
// MaxOpenFaults open faults, and reports at most as fast as the alert
// limiter allows.
func (e *Engine) ReportFault(ctx context.Context, req contract.FaultRequest, device string) (contract.DeviceFault, error) {
	req.Kind, req.Message, req.Ticket = strings.TrimSpace(req.Kind), strings.TrimSpace(req.Message), strings.TrimSpace(req.Ticket)
	if req.Kind == "" || len(req.Kind) > 64 || !utf8.ValidString(req.Kind) || !utf8.ValidString(req.Message) || utf8.RuneCountInString(req.Message) > maxReason {
		return contract.DeviceFault{}, invalid("Báo lỗi cần loại lỗi (tối đa 64 ký tự) và mô tả ngắn / a fault needs a kind and a short message")
	}
	if len(req.Ticket) > 64 || !utf8.ValidString(req.Ticket) {
		return contract.DeviceFault{}, invalid("Mã phiếu không hợp lệ / bad ticket")
	}
	if !e.alerts.allow(device, e.Now()) {
		return contract.DeviceFault{}, errTooManyAlerts
	}
	var out contract.DeviceFault
	err := e.db.Update(ctx, func(tx *store.Tx) error {
		now := e.now(tx)
		day := e.Day(now)
		open, err := e.openFault(ctx, tx, device, req.Kind, day)
		if err == nil {
			out = open
			return nil
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		var others int
		if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM faults WHERE day = ? AND device = ? AND taken_by = ''", day, device).Scan(&others); err != nil {
			return err
		}
		if others >= MaxOpenFaults {
			return errTooManyAlerts
		}
		res, err := tx.Exec("INSERT INTO faults (device, kind, message, ticket, day, at) VALUES (?, ?, ?, ?, ?, ?)",
			device, req.Kind, req.Message, req.Ticket, day, now.UnixMicro())
		if err != nil {
			return err
		}
		id, err := res.LastInsertId()
		if err != nil {
			return err
		}
		out = contract.DeviceFault{ID: id, Device: device, Kind: req.Kind, Message: req.Message, Ticket: req.Ticket, At: now}
		if err := audit(tx, now, Actor{Name: device, Role: "device"}, "device.fault", 0, req.Ticket, req.Kind+": "+req.Message); err != nil {
			return err
		}
		return e.emit(tx, contract.EventDeviceFault, now, out, nil)
	})
	return out, err
}

// openFault finds a fault of kind from device that nobody has taken today.
func (e *Engine) openFault(ctx context.Context, tx *store.Tx, device, kind, day string) (contract.DeviceFault, error) {
	f := contract.DeviceFault{Device: device, Kind: kind}
	var at int64
	err := tx.QueryRowContext(ctx, "SELECT id, message, ticket, at FROM faults WHERE day = ? AND device = ? AND kind = ? AND taken_by = '' ORDER BY id DESC LIMIT 1",
		day, device, kind).Scan(&f.ID, &f.Message, &f.Ticket, &at)
	f.At = microTime(at, e.Location())
	return f, err
}

// TakeFault records that a staff member is going to the faulty device; the
// alert leaves every console at once. Only one person can take a fault.
func (e *Engine) TakeFault(ctx context.Context, id int64, who Actor) (contract.DeviceFault, error) {
	var out contract.DeviceFault
	err := e.db.Update(ctx, func(tx *store.Tx) error {
		now := e.now(tx)
		var at int64
		err := tx.QueryRowContext(ctx, "SELECT device, kind, message, ticket, at, taken_by FROM faults WHERE id = ?", id).
			Scan(&out.Device, &out.Kind, &out.Message, &out.Ticket, &at, &out.TakenBy)
		if errors.Is(err, sql.ErrNoRows) {
			return notFound(contract.CodeNotFound, "Không có báo lỗi này / no such fault")
		}
		if err != nil {
			return err
		}
		if out.TakenBy != "" {
			return conflict(contract.CodeConflict, fmt.Sprintf("%s đã nhận báo lỗi này / already taken by %s", out.TakenBy, out.TakenBy))
		}
		if _, err := tx.Exec("UPDATE faults SET taken_by = ?, taken_at = ? WHERE id = ?", who.Name, now.UnixMicro(), id); err != nil {
			return err
		}
		out.ID, out.At, out.TakenBy, out.TakenAt = id, microTime(at, e.Location()), who.Name, &now
		if err := audit(tx, now, who, "fault.take", 0, out.Ticket, out.Device+": "+out.Kind); err != nil {
			return err
		}
		return e.emit(tx, contract.EventDeviceFaultTaken, now, out, nil)
	})
	return out, err
}
