variable "env" { default = "prod" }
resource "aws_iam_policy" "p" {
  policy = <<-EOT
    {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "ses:*", "Resource": "*"}]}
  EOT
  tags = merge({ a = 1 }, { b = "x%{if var.env == "prod"}y%{endif}" })
}
module "m" {
  source = "./modules/m"
  names  = concat(["a"], split(",", "b,c"))
}
