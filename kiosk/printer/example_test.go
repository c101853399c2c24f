package printer_test

import (
	"fmt"
	"time"

	"motcua/kiosk/printer"
	"motcua/server/contract"
)

// ExampleRender shows how the kiosk fills a TicketLayout from the wire
// contract. Wording, dates and language stay in the kiosk; note that
// Ticket.Position counts the ticket itself, so Position-1 people are ahead.
func ExampleRender() {
	tk := contract.Ticket{
		ID: "3f9a1c2e7b5d4a60918e2c4b7d1f0a35", Number: "B007", Queue: "B",
		Priority: contract.PriorityElderly, Position: 6, EstimatedWaitS: 1500, SameDay: true,
		IssuedAt: time.Date(2026, 11, 25, 9, 41, 0, 0, time.UTC),
	}
	proc := contract.Procedure{
		Name:      contract.Text{VI: "Chứng thực bản sao từ bản chính"},
		Documents: []contract.Text{{VI: "Bản chính giấy tờ cần chứng thực"}, {VI: "Bản sao cần chứng thực"}},
	}
	lang := "vi"
	layout := printer.TicketLayout{
		Centre:         []string{"UBND PHƯỜNG HÒA BÌNH", "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG"},
		Heading:        "SỐ THỨ TỰ",
		Number:         tk.Number,
		Procedure:      proc.Name.In(lang),
		Queue:          "Hàng " + tk.Queue + " – Quầy 3, 4",
		Priority:       "ƯU TIÊN: " + tk.Priority.Label().In(lang),
		Issued:         "In lúc " + tk.IssuedAt.Format("15:04") + " – Thứ Tư, " + tk.IssuedAt.Format("02/01/2006"),
		Position:       fmt.Sprintf("Có %d người đang chờ trước Ông/Bà", tk.Position-1),
		Wait:           fmt.Sprintf("Thời gian chờ dự kiến: khoảng %d phút", tk.EstimatedWaitS/60),
		QRURL:          "https://motcua.example.gov.vn/t/" + tk.ID,
		QRCaption:      "Quét mã để theo dõi lượt của Ông/Bà",
		DocumentsTitle: "Giấy tờ cần chuẩn bị",
	}
	for _, d := range proc.Documents {
		layout.Documents = append(layout.Documents, d.In(lang))
	}
	if tk.SameDay {
		layout.SameDay = "Thứ Tư: nhận hồ sơ và trả kết quả trong ngày"
	}
	img := printer.Render(layout, printer.Paper58)
	fmt.Println("dots wide:", img.Bounds().Dx())
	// Output: dots wide: 384
}
