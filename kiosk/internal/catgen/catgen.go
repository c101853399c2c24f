// Package catgen builds large synthetic catalogues for the kiosk's
// benchmarks and its start-up measurement: a large ward centre publishes
// about 400 procedures in some 70 fields, and the kiosk's speed targets are
// set at that size, while the embedded default catalogue has only a few
// dozen.
package catgen

import (
	"fmt"

	"motcua/server/contract"
)

var (
	verbs = []string{"Đăng ký", "Cấp", "Cấp lại", "Thay đổi", "Điều chỉnh", "Xác nhận", "Chứng thực", "Gia hạn", "Thu hồi", "Cải chính"}
	nouns = []string{"khai sinh", "kết hôn", "hộ kinh doanh", "giấy phép xây dựng", "tình trạng hôn nhân", "bản sao từ bản chính",
		"quyền sử dụng đất", "giám hộ", "nhận cha, mẹ, con", "khai tử", "thường trú", "chữ ký", "hợp đồng, giao dịch",
		"trợ cấp xã hội", "hỗ trợ mai táng", "người có công", "giấy phép kinh doanh rượu", "biển hiệu quảng cáo", "lễ hội", "thư viện"}
	qualifiers = []string{"", " có yếu tố nước ngoài", " lưu động", " cho người cao tuổi", " tại nơi cư trú", " theo yêu cầu", " trong khu dân cư"}
)

// Catalogue returns a valid-looking catalogue with n procedures spread over
// fields of ten procedures each, every fourth marked common, with fees of
// every kind, served by queues A–E.
func Catalogue(n int) contract.Catalogue {
	cat := contract.Catalogue{Version: 1}
	prefixes := []string{"A", "B", "C", "D", "E"}
	for i, p := range prefixes {
		cat.Queues = append(cat.Queues, contract.Queue{Prefix: p, Name: contract.Text{VI: "Hàng " + p, EN: "Queue " + p}})
		cat.Counters = append(cat.Counters, contract.Counter{Number: i + 1, Name: contract.Text{VI: fmt.Sprintf("Quầy %d", i+1)}, Queues: []string{p}})
	}
	for i := 0; i < n; i++ {
		if i%10 == 0 {
			id := fmt.Sprintf("f%02d", i/10)
			cat.Fields = append(cat.Fields, contract.Field{ID: id, Name: contract.Text{VI: fmt.Sprintf("Lĩnh vực %d", i/10+1), EN: fmt.Sprintf("Field %d", i/10+1)}})
		}
		p := procedure(i, cat.Fields[len(cat.Fields)-1].ID)
		q := &cat.Queues[i%len(prefixes)]
		q.Procedures = append(q.Procedures, p.Code)
		cat.Procedures = append(cat.Procedures, p)
	}
	return cat
}

func procedure(i int, field string) contract.Procedure {
	name := verbs[i%len(verbs)] + " " + nouns[(i/len(verbs))%len(nouns)] + qualifiers[i%len(qualifiers)]
	return contract.Procedure{
		Code:             fmt.Sprintf("9.%06d", i),
		Name:             contract.Text{VI: name, EN: fmt.Sprintf("Procedure %d", i)},
		Field:            field,
		ProcessingTime:   contract.Text{VI: "03 ngày làm việc", EN: "3 working days"},
		Fees:             []contract.Fee{fee(i)},
		Documents:        []contract.Text{{VI: "Tờ khai theo mẫu"}, {VI: "Giấy tờ tùy thân"}},
		Steps:            []contract.Text{{VI: "Nộp hồ sơ tại quầy"}, {VI: "Nhận kết quả"}},
		Result:           contract.Text{VI: "Giấy xác nhận"},
		LegalBasis:       []string{"Nghị định 23/2015/NĐ-CP"},
		GuidanceURL:      "https://dichvucong.gov.vn/tim-kiem-thu-tuc-hanh-chinh?keyword=" + fmt.Sprintf("9.%06d", i),
		SameDayWednesday: i%5 == 0,
		Common:           i%4 == 0,
	}
}

func fee(i int) contract.Fee {
	switch i % 4 {
	case 0:
		return contract.Fee{Label: contract.Text{VI: "Lệ phí"}, Kind: contract.FeeFree, Source: "Luật Hộ tịch 2014, Điều 11"}
	case 1:
		return contract.Fee{Label: contract.Text{VI: "Lệ phí"}, Kind: contract.FeeFlat, Amount: 10000, Source: "TT 226/2016/TT-BTC"}
	case 2:
		return contract.Fee{Label: contract.Text{VI: "Phí"}, Kind: contract.FeePerCopy, Amount: 8000, Source: "TT 281/2016/TT-BTC"}
	}
	return contract.Fee{Label: contract.Text{VI: "Phí"}, Kind: contract.FeePerPage, Source: "TT 226/2016/TT-BTC", Cap: 200000,
		Tiers: []contract.FeeTier{{FromPage: 1, Amount: 2000}, {FromPage: 3, Amount: 1000}}}
}
