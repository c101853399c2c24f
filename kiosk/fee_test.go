package kiosk

import (
	"testing"
	"time"

	"motcua/server/servertest"
)

// showCode opens the detail screen of a default-catalogue procedure.
func showCode(t *testing.T, k *Kiosk, code string) {
	t.Helper()
	found := false
	k.Do(func() {
		if p, ok := k.cat.Procedure(code); ok {
			found = true
			k.showDetail(p)
		}
	})
	if !found {
		t.Fatalf("procedure %s not in the catalogue", code)
	}
	waitScreen(t, k, ScreenDetail)
}

// TestDetailNoFee: a procedure without any fee says so with the law,
// never "chưa công bố" (issue #10).
func TestDetailNoFee(t *testing.T) {
	k := startKiosk(t, servertest.New(t), Options{})
	showCode(t, k, "1.012812") // land dispute mediation
	waitShows(t, k, "Không thu phí, lệ phí")
	waitShows(t, k, "Căn cứ: Luật Phí và lệ phí 2015")
	k.Do(func() {
		if shows(k, "Chưa công bố") {
			t.Error(`the detail still says "Chưa công bố"`)
		}
	})
}

// TestDetailFeeByDayAndChannel: the detail shows the rule in force on the
// kiosk's day, one line per channel once NQ 23/2026 applies (08/8/2026),
// and one line for every channel the day before.
func TestDetailFeeByDayAndChannel(t *testing.T) {
	ict := time.FixedZone("ICT", 7*3600)
	tests := []struct {
		name      string
		now       time.Time
		want, not []string
	}{
		{"day before NQ 23", time.Date(2026, 8, 7, 23, 59, 0, 0, ict),
			[]string{"Lệ phí cấp Giấy xác nhận tình trạng hôn nhân: Theo Nghị quyết HĐND thành phố – mức thu chưa được xác nhận"},
			[]string{"Nộp trực tuyến"}},
		{"first day of NQ 23", time.Date(2026, 8, 8, 7, 0, 0, 0, ict),
			[]string{"Nộp trực tuyến: Miễn phí (Nghị quyết số 23/2026/NQ-HĐND thành phố Hải Phòng)",
				"Nộp trực tiếp: Theo Nghị quyết HĐND thành phố – mức thu chưa được xác nhận"},
			[]string{"Lệ phí cấp Giấy xác nhận tình trạng hôn nhân: "}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			k := startKiosk(t, servertest.New(t), Options{Now: func() time.Time { return tt.now }})
			showCode(t, k, "1.004873")
			for _, s := range tt.want {
				waitShows(t, k, s)
			}
			k.Do(func() {
				for _, s := range tt.not {
					if shows(k, s) {
						t.Errorf("the detail shows %q on %s", s, tt.now.Format(time.DateOnly))
					}
				}
			})
		})
	}
}

// TestDetailExemption: the exempt classes show with their source, and the
// "Thuộc diện miễn" choice makes the calculator's total 0 đ with the
// reason, even while the council's amount is not entered.
func TestDetailExemption(t *testing.T) {
	k := startKiosk(t, servertest.New(t), Options{})
	showCode(t, k, "1.004873")
	waitShows(t, k, "Đối tượng được miễn:")
	waitShows(t, k, "• Người cao tuổi")
	waitShows(t, k, "Nghị quyết số 16/2023/NQ-HĐND thành phố Hải Phòng")
	waitShows(t, k, "Không tính được")
	tapText(t, k, "Thuộc diện miễn: Không")
	waitShows(t, k, "Thành tiền: 0 đ – thuộc diện miễn (Nghị quyết số 16/2023/NQ-HĐND thành phố Hải Phòng; Luật Hộ tịch 2014, Điều 11)")
	tapText(t, k, "Thuộc diện miễn: Có")
	waitShows(t, k, "Không tính được")
}

// TestDetailFeeCondition: the 25.000 đ correction fee shows when it is
// charged (TT 226/2016: only when the error is not the certifier's).
func TestDetailFeeCondition(t *testing.T) {
	k := startKiosk(t, servertest.New(t), Options{})
	showCode(t, k, "2.000927")
	waitShows(t, k, "25.000 đ")
	waitShows(t, k, "Điều kiện thu: Chỉ thu khi sai sót không do lỗi của người thực hiện chứng thực.")
}
