package catalogue

import (
	"bytes"
	"reflect"
	"testing"

	"motcua/server/contract"
)

// The fuzz targets check that no input makes a decoder panic, and that
// whatever a decoder accepts survives an encode and a second decode
// unchanged, so an administrator's export → edit → import cycle is lossless.

func seedCatalogues() []contract.Catalogue {
	return []contract.Catalogue{Default(), base(), edgeCatalogue(), {}}
}

func FuzzDecodeJSON(f *testing.F) {
	for _, c := range seedCatalogues() {
		var b bytes.Buffer
		if err := EncodeJSON(&b, c); err != nil {
			f.Fatal(err)
		}
		f.Add(b.Bytes())
	}
	for _, s := range []string{"", "null", "{}", "[]", `{"version":1}{}`, `{"fields":[{"id":"a","name":{"vi":"\u0000"}}]}`, "{\"procedures\":[{\"code\":\"1\"", `{"version":1e400}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := DecodeJSON(bytes.NewReader(data))
		if err != nil {
			return
		}
		var b bytes.Buffer
		if err := EncodeJSON(&b, c); err != nil {
			t.Fatalf("encoding a decoded catalogue: %v", err)
		}
		again, err := DecodeJSON(&b)
		if err != nil {
			t.Fatalf("re-decoding: %v\n%s", err, b.Bytes())
		}
		if !reflect.DeepEqual(c, again) {
			t.Fatalf("JSON round trip changed the catalogue:\n%+v\n%+v", c, again)
		}
	})
}

func FuzzDecodeCSV(f *testing.F) {
	for _, c := range seedCatalogues() {
		var b bytes.Buffer
		if err := EncodeCSV(&b, c); err != nil {
			f.Fatal(err)
		}
		f.Add(b.Bytes())
	}
	for _, s := range []string{
		"",
		"\uFEFF",
		"type\n",
		"type,id\nfield,x\n",
		"type,id,name_vi,fees\nprocedure,1,X,\"flat 1 | a\\|b\"\n",
		"type,id,name_vi\n\"field,\"x\n",
		"type,members\ncounter,\"A\nB\"\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := DecodeCSV(bytes.NewReader(data))
		if err != nil {
			return
		}
		var b bytes.Buffer
		if err := EncodeCSV(&b, c); err != nil {
			t.Fatalf("encoding a decoded catalogue: %v", err)
		}
		again, err := DecodeCSV(&b)
		if err != nil {
			t.Fatalf("re-decoding: %v\n%s", err, b.Bytes())
		}
		if !reflect.DeepEqual(c, again) {
			t.Fatalf("CSV round trip changed the catalogue:\n%+v\n%+v", c, again)
		}
	})
}

// FuzzTextRoundTrip puts arbitrary text and amounts into a valid catalogue,
// so that every string Validate accepts, not just those the decoders'
// fuzzers happen to build, is checked to survive both formats.
func FuzzTextRoundTrip(f *testing.F) {
	f.Add("Chứng thực", `Phí | "sửa" \ đổi`, "Dòng một\nDòng hai", "a, b", int64(5000))
	f.Add("x", "\\n", "|", "", int64(0))
	f.Fuzz(func(t *testing.T, name, note, doc, en string, amount int64) {
		c := base()
		p := &c.Procedures[0]
		p.Name.VI = name
		p.ProcessingTime = contract.Text{VI: note, EN: en}
		p.Documents = append(p.Documents, contract.Text{VI: doc, EN: en}, contract.Text{VI: name})
		p.LegalBasis = append(p.LegalBasis, doc)
		p.Fees[0].Note = contract.Text{VI: note, EN: en}
		p.Fees[0].Label.EN = en
		p.Fees[0].Source = doc
		c.Procedures[1].Fees[0].Amount = amount
		c.Fields[1].Icon = doc
		c.Queues[0].Name = contract.Text{VI: name, EN: en}
		if Validate(&c) != nil {
			return
		}
		var b bytes.Buffer
		if err := EncodeCSV(&b, c); err != nil {
			t.Fatal(err)
		}
		fromCSV, err := DecodeCSV(&b)
		if err != nil {
			t.Fatalf("valid catalogue rejected after CSV export: %v", err)
		}
		b.Reset()
		if err := EncodeJSON(&b, c); err != nil {
			t.Fatal(err)
		}
		fromJSON, err := DecodeJSON(&b)
		if err != nil {
			t.Fatalf("valid catalogue rejected after JSON export: %v", err)
		}
		if !reflect.DeepEqual(fromJSON, c) {
			t.Fatalf("JSON round trip changed the catalogue")
		}
		c.Version = 0
		if !reflect.DeepEqual(fromCSV, c) {
			t.Fatalf("CSV round trip changed the catalogue:\n%+v\n%+v", fromCSV, c)
		}
	})
}
