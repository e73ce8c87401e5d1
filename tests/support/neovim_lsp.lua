-- Run by tests/lsp_test.cpp: Neovim's own LSP client (no plugins, `nvim --headless -u NONE`)
-- starts `$SESLINT lsp`, opens the file given as argument and prints each diagnostic it
-- receives as "line:col code" (1-based), or "no diagnostics" after 30 s.
local file = vim.fn.argv()[1]
vim.cmd('edit ' .. vim.fn.fnameescape(file))
local id = vim.lsp.start_client({
  name = 'seslint',
  cmd = { vim.env.SESLINT, 'lsp' },
  root_dir = vim.env.SESLINT_ROOT,
})
vim.lsp.buf_attach_client(0, id)
local got = vim.wait(30000, function() return #vim.diagnostic.get(0) > 0 end, 50)
if not got then
  io.stdout:write('no diagnostics\n')
end
for _, d in ipairs(vim.diagnostic.get(0)) do
  io.stdout:write(string.format('%d:%d %s\n', d.lnum + 1, d.col + 1, d.code or '?'))
end
vim.lsp.stop_client(id)
vim.cmd('qa!')
