package kiosk

import (
	"testing"
	"time"

	"motcua/server/servertest"
)

// TestSameDayCutoff: on Wednesday certified copies (cut-off 15:00, NĐ
// 23/2015 Đ7) promise the same day until 14:59 and say "ngày làm việc tiếp
// theo" from 15:00, on the detail badge and on the ticket, with the server
// and the kiosk on the same fake time.
func TestSameDayCutoff(t *testing.T) {
	ict := time.FixedZone("ICT", 7*3600)
	const promise, ticketPromise = "Thứ Tư trả kết quả trong ngày", "Thứ Tư: nhận hồ sơ và trả kết quả trong ngày"
	const late = "Thứ Tư: nhận sau 15:00 trả kết quả ngày làm việc tiếp theo"
	tests := []struct {
		name          string
		at            time.Time
		sameDay       bool
		badge, ticket string
		not           string
	}{
		{"14:59", time.Date(2026, 11, 25, 14, 59, 0, 0, ict), true, promise, ticketPromise, late},
		{"15:00", time.Date(2026, 11, 25, 15, 0, 0, 0, ict), false, late, late, promise},
		{"Thursday 16:00", time.Date(2026, 11, 26, 16, 0, 0, 0, ict), false, promise, "", late},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := servertest.New(t)
			srv.Clock.Set(tt.at)
			k := startKiosk(t, srv, Options{Now: func() time.Time { return tt.at }})
			showCode(t, k, "2.000815")
			waitShows(t, k, tt.badge)
			k.Do(func() {
				if shows(k, tt.not) {
					t.Errorf("the detail at %s shows %q", tt.name, tt.not)
				}
			})
			tapText(t, k, "Lấy số thứ tự")
			waitScreen(t, k, ScreenPriority)
			tapText(t, k, "Không – lấy số thường")
			waitScreen(t, k, ScreenTicket)
			tk := k.Ticket()
			if tk.SameDay != tt.sameDay {
				t.Errorf("ticket %s SameDay = %v, want %v", tk.Number, tk.SameDay, tt.sameDay)
			}
			if tt.ticket != "" {
				waitShows(t, k, tt.ticket)
			}
			k.Do(func() {
				p, _ := k.cat.Procedure("2.000815")
				if got := k.Layout(*tk, p, "vi").SameDay; got != tt.ticket {
					t.Errorf("printed same-day line %q, want %q", got, tt.ticket)
				}
				for _, s := range []string{promise, ticketPromise, late} {
					if s != tt.ticket && shows(k, s) {
						t.Errorf("the ticket at %s shows %q", tt.name, s)
					}
				}
			})
		})
	}
}
