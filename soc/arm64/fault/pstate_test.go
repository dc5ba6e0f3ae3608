package fault

import "testing"

func TestPSTATEString(t *testing.T) {
	for _, tc := range []struct {
		spsr uint64
		want string
	}{
		{0x600003c5, "600003c5 (nZCv DAIF -PAN -UAO -TCO -DIT -SSBS BTYPE=--)"},
		{0x00000000, "00000000 (nzcv daif -PAN -UAO -TCO -DIT -SSBS BTYPE=--)"},
		{0x80000004, "80000004 (Nzcv daif -PAN -UAO -TCO -DIT -SSBS BTYPE=--)"},
		{0x20400005, "20400005 (nzCv daif +PAN -UAO -TCO -DIT -SSBS BTYPE=--)"},
		{0xf3c01fc4, "f3c01fc4 (NZCV DAIF +PAN +UAO +TCO +DIT +SSBS BTYPE=j-)"},
		{0x00000400, "00000400 (nzcv daif -PAN -UAO -TCO -DIT -SSBS BTYPE=jc)"},
		{0x00000840, "00000840 (nzcv daiF -PAN -UAO -TCO -DIT -SSBS BTYPE=-c)"},
		{0x100000000, "100000000 (nzcv daif -PAN -UAO -TCO -DIT -SSBS BTYPE=--)"},
	} {
		if got := PSTATEString(tc.spsr); got != tc.want {
			t.Errorf("%#x:\n got %q\nwant %q", tc.spsr, got, tc.want)
		}
	}
}
