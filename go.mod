module github.com/sello-mx/sello

go 1.26
