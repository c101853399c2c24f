package kiosk

import (
	"time"

	"motcua/kiosk/i18n"
	"motcua/server/contract"
)

// sameDayLate says whether a Wednesday same-day procedure received at at
// has missed its cut-off (15:00): the result then comes the next working
// day, and the badges must not promise the same day. The fast day is
// Wednesday, the day the badges name.
func (k *Kiosk) sameDayLate(p contract.Procedure, at time.Time) bool {
	if !p.SameDayWednesday {
		return false
	}
	at = at.In(k.opt.Location)
	return at.Weekday() == time.Wednesday && !contract.SameDayOK(p, at, k.opt.Location)
}

// sameDayBadge is the procedure's same-day badge at the kiosk's time: the
// promise, or after the cut-off on Wednesday that the result comes the next
// working day.
func (k *Kiosk) sameDayBadge(p contract.Procedure) string {
	if k.sameDayLate(p, k.now()) {
		return i18n.F(k.lang, "sameday.late", p.SameDayCutoff)
	}
	return i18n.T(k.lang, "badge.sameday")
}

// ticketSameDay is the same-day line of a ticket in lang: the promise the
// server made (Ticket.SameDay), the next-working-day notice for a ticket
// issued after the cut-off on Wednesday, or "" when neither applies.
func (k *Kiosk) ticketSameDay(lang string, tk contract.Ticket, p contract.Procedure) string {
	switch {
	case tk.SameDay:
		return i18n.T(lang, "ticket.sameday")
	case k.sameDayLate(p, tk.IssuedAt):
		return i18n.F(lang, "sameday.late", p.SameDayCutoff)
	}
	return ""
}
