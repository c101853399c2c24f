package queue

import (
	"fmt"
	"time"

	"motcua/server/contract"
	"motcua/server/store"
)

// systemActor signs what the engine does on its own in the audit log.
var systemActor = Actor{Name: "system", Role: "system"}

// clockStepped is told by the store's writer that the wall clock was
// stepped between two changes (store.ClockStep). It runs in a change of its
// own, before the change that saw the new time. It
//
//   - writes an audit line and a clock.stepped event, and keeps the warning
//     that the state shows the administrator for a day;
//   - when the step crosses into another service day, carries the day's
//     unfinished tickets (waiting, called, serving) into the new one, and
//     the numbers already issued with them, so a ticket issued under a
//     wrong date stays callable — by call-next and by number — once the
//     clock is corrected, and no number is printed twice.
//
// A normal midnight is not a step (the time passed), so yesterday's
// leftovers stay in yesterday as before.
func (e *Engine) clockStepped(tx *store.Tx, step store.ClockStep) error {
	loc := e.settingsIn(tx).loc
	from, to := step.From.In(loc), step.To.In(loc)
	w := contract.ClockWarning{At: to, From: from, JumpS: int64(step.Jump / time.Second)}
	if dayOf(from) != dayOf(to) {
		moved, err := carryDay(tx, dayOf(from), dayOf(to))
		if err != nil {
			return err
		}
		w.Moved = moved
	}
	detail := fmt.Sprintf("đồng hồ %s %s: %s → %s; %d số chuyển sang ngày %s / clock stepped %s",
		direction(step.Jump), step.Jump.Abs().Round(time.Second), from.Format(time.DateTime), to.Format(time.DateTime),
		w.Moved, dayOf(to), step.Jump.Round(time.Second))
	if err := audit(tx, to, systemActor, "clock.step", 0, "", detail); err != nil {
		return err
	}
	return e.emit(tx, contract.EventClockStepped, to, w, func() {
		e.clockMu.Lock()
		e.clockStep = &w
		e.clockMu.Unlock()
	})
}

func direction(jump time.Duration) string {
	if jump < 0 {
		return "lùi"
	}
	return "nhảy tới"
}

// carryDay moves the unfinished tickets of service day from into day to,
// and carries the last numbers issued so the new day continues after them.
func carryDay(tx *store.Tx, from, to string) (int, error) {
	res, err := tx.Exec("UPDATE tickets SET day = ? WHERE day = ? AND status IN ('waiting', 'called', 'serving')", to, from)
	if err != nil {
		return 0, err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, err
	}
	_, err = tx.Exec(`INSERT INTO day_numbers (day, queue, last) SELECT ?, queue, last FROM day_numbers WHERE day = ? AND true
		ON CONFLICT (day, queue) DO UPDATE SET last = MAX(last, excluded.last)`, to, from)
	return int(n), err
}

// ClockWarning is the last step of the clock if it was seen within a day of
// now, else nil.
func (e *Engine) ClockWarning(now time.Time) *contract.ClockWarning {
	e.clockMu.Lock()
	defer e.clockMu.Unlock()
	if e.clockStep == nil {
		return nil
	}
	if d := now.Sub(e.clockStep.At); d > 24*time.Hour || d < -24*time.Hour {
		return nil
	}
	w := *e.clockStep
	return &w
}
