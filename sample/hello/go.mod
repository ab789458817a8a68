module example.com/go-doctor-sample

go 1.22
