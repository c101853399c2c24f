package speech

import (
	"testing"
	"time"

	"motcua/server/contract"
)

func text(vi string) contract.Text { return contract.Text{VI: vi, EN: "english " + vi} }

var (
	marriage = contract.Procedure{
		Code: "1.000894", Name: text("Đăng ký kết hôn"),
		Fees:      []contract.Fee{{Label: text("Lệ phí đăng ký kết hôn"), Kind: contract.FeeFree, Source: "Luật Hộ tịch Đ11"}},
		Documents: []contract.Text{text("Tờ khai"), text("CCCD của hai bên"), text("Giấy xác nhận tình trạng hôn nhân")},
	}
	contractCert = contract.Procedure{
		Code: "2.001035", Name: text("Chứng thực hợp đồng, giao dịch liên quan đến tài sản là động sản"),
		ShortName: text("Chứng thực hợp đồng, giao dịch"),
		Fees: []contract.Fee{{Label: text("Lệ phí"), Kind: contract.FeeFlat, Amount: 50000,
			Unit: text("hợp đồng"), Source: "TT 226/2016/TT-BTC"}},
		Documents: []contract.Text{text("Dự thảo hợp đồng")},
	}
	copies = contract.Procedure{
		Code: "2.000815", Name: text("Chứng thực bản sao từ bản chính giấy tờ, văn bản"),
		ShortName: text("Chứng thực bản sao"),
		Fees: []contract.Fee{{Label: text("Phí chứng thực bản sao từ bản chính"), Kind: contract.FeePerPage,
			Tiers: []contract.FeeTier{{FromPage: 1, Amount: 2000}, {FromPage: 3, Amount: 1000}}, Cap: 200000,
			Unit: text("bản"), Source: "TT 226/2016/TT-BTC"}},
	}
	birth = contract.Procedure{
		Code: "1.001193", Name: text("Đăng ký khai sinh"),
		Fees: []contract.Fee{
			{Label: text("Lệ phí đăng ký khai sinh đúng hạn"), Kind: contract.FeeFree, Source: "Luật Hộ tịch"},
			{Label: text("Lệ phí đăng ký khai sinh không đúng hạn"), Kind: contract.FeeLocal, Source: "NQ HĐND"},
		},
		Documents: make([]contract.Text, 5),
	}
	extract = contract.Procedure{
		Code: "2.000635", Name: text("Cấp bản sao trích lục hộ tịch"), ShortName: text("Bản sao trích lục"),
		Fees: []contract.Fee{{Label: text("Phí cấp bản sao trích lục hộ tịch"), Kind: contract.FeePerCopy, Amount: 8000,
			Unit: text("bản sao"), Source: "TT 281/2016/TT-BTC"}},
	}
	permit = contract.Procedure{
		Code: "1.013225", Name: text("Cấp giấy phép xây dựng"), ShortName: text("Giấy phép xây dựng!"),
		Fees: []contract.Fee{{Label: text("Lệ phí cấp giấy phép xây dựng"), Kind: contract.FeeLocal, Amount: 1_500_000,
			Source: "NQ 45/2018/NQ-HĐND"}},
	}
	unpublished = contract.Procedure{Code: "1.012812", Name: text("Hòa giải tranh chấp đất đai")}
	// After NQ 23/2026: the council fee in person, 0 đ online.
	byChannel = contract.Procedure{
		Code: "1.004873", Name: text("Xác nhận tình trạng hôn nhân"),
		Fees: []contract.Fee{
			{Label: text("Lệ phí"), Kind: contract.FeeLocal, Amount: 5000, Source: "NQ 12/2018/NQ-HĐND", Channel: contract.ChannelInPerson},
			{Label: text("Lệ phí"), Kind: contract.FeeFree, Source: "NQ 23/2026/NQ-HĐND", Channel: contract.ChannelOnline},
		},
	}
)

// TestDetail checks the exact Vietnamese read on the detail screen, for a
// free procedure, a fixed fee, a per-page fee with a cap, and the others.
func TestDetail(t *testing.T) {
	cases := []struct {
		name string
		p    contract.Procedure
		want string
	}{
		{"free", marriage, "Đăng ký kết hôn. Lệ phí đăng ký kết hôn: miễn phí. Ông Bà cần chuẩn bị ba loại giấy tờ."},
		{"fixed fee, short name", contractCert, "Chứng thực hợp đồng, giao dịch. Lệ phí: năm mươi nghìn đồng mỗi hợp đồng. Ông Bà cần chuẩn bị một loại giấy tờ."},
		{"per page with cap, no documents", copies, "Chứng thực bản sao. Phí chứng thực bản sao từ bản chính: hai nghìn đồng mỗi trang; " +
			"từ trang ba, một nghìn đồng mỗi trang; tối đa hai trăm nghìn đồng mỗi bản."},
		{"free on time, council's fee late", birth, "Đăng ký khai sinh. Lệ phí đăng ký khai sinh đúng hạn: miễn phí. " +
			"Lệ phí đăng ký khai sinh không đúng hạn: theo Nghị quyết Hội đồng nhân dân thành phố, mức thu chưa được xác nhận, xin hỏi cán bộ tại quầy. " +
			"Ông Bà cần chuẩn bị năm loại giấy tờ."},
		{"per copy", extract, "Bản sao trích lục. Phí cấp bản sao trích lục hộ tịch: tám nghìn đồng mỗi bản sao."},
		{"entered council fee in millions", permit, "Giấy phép xây dựng! Lệ phí cấp giấy phép xây dựng: một triệu năm trăm nghìn đồng."},
		{"no fee", unpublished, "Hòa giải tranh chấp đất đai. Không thu phí, lệ phí."},
		{"by channel", byChannel, "Xác nhận tình trạng hôn nhân. Lệ phí, nộp trực tiếp: năm nghìn đồng. Lệ phí, nộp trực tuyến: miễn phí."},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := Detail(c.p); got != c.want {
				t.Errorf("Detail:\n got %q\nwant %q", got, c.want)
			}
		})
	}
}

// TestAmountReadsLinh: sums with a zero tens digit are read the northern
// way, as people in Hải Phòng say them.
func TestAmountReadsLinh(t *testing.T) {
	f := contract.Fee{Kind: contract.FeeFlat, Amount: 105000, Unit: text("trường hợp")}
	if got, want := Amount(f), "một trăm linh năm nghìn đồng mỗi trường hợp"; got != want {
		t.Errorf("Amount = %q, want %q", got, want)
	}
	if got, want := Amount(contract.Fee{Kind: contract.FeePerPage}), "xin hỏi cán bộ tại quầy"; got != want {
		t.Errorf("per page without tiers = %q, want %q", got, want)
	}
	if got, want := Amount(contract.Fee{Kind: "bartered"}), "xin hỏi cán bộ tại quầy"; got != want {
		t.Errorf("unknown kind = %q, want %q", got, want)
	}
}

// TestTicket checks the exact sentence of the ticket screen: the number as
// the board reads it, priority, procedure, people ahead and counters.
func TestTicket(t *testing.T) {
	at := time.Date(2026, 11, 30, 8, 5, 0, 0, time.UTC)
	cases := []struct {
		name     string
		tk       contract.Ticket
		p        contract.Procedure
		counters []int
		want     string
	}{
		{"normal, one counter", contract.Ticket{Number: "A006", Position: 4, IssuedAt: at}, marriage, []int{6},
			"Số thứ tự của Ông Bà là a không không sáu. Thủ tục: Đăng ký kết hôn. " +
				"Có ba người đang chờ trước Ông Bà. Mời Ông Bà chờ gọi đến quầy số sáu."},
		{"elderly, next, two counters", contract.Ticket{Number: "B105", Priority: contract.PriorityElderly, Position: 1}, copies, []int{2, 3},
			"Số thứ tự của Ông Bà là bê một trăm linh năm. Phiếu ưu tiên: Người cao tuổi. Thủ tục: Chứng thực bản sao. " +
				"Ông Bà là người tiếp theo. Mời Ông Bà chờ gọi đến quầy số hai hoặc ba."},
		{"war invalid, three counters", contract.Ticket{Number: "D024", Priority: contract.PriorityMerit, Position: 22}, contractCert, []int{1, 4, 21},
			"Số thứ tự của Ông Bà là đê không hai mươi tư. Phiếu ưu tiên: Thương binh, người có công. " +
				"Thủ tục: Chứng thực hợp đồng, giao dịch. Có hai mươi mốt người đang chờ trước Ông Bà. " +
				"Mời Ông Bà chờ gọi đến quầy số một, bốn hoặc hai mươi mốt."},
		{"already called, no counter known", contract.Ticket{Number: "N010"}, extract, nil,
			"Số thứ tự của Ông Bà là en nờ không mười. Thủ tục: Bản sao trích lục. Mời Ông Bà chờ gọi số."},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := Ticket(c.tk, c.p, c.counters); got != c.want {
				t.Errorf("Ticket:\n got %q\nwant %q", got, c.want)
			}
		})
	}
}
