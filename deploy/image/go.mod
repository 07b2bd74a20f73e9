module ardoise.app/deploy/image

go 1.26
