-- Placeholder: migration 0009 belongs to the accounts slice (h4, 0009_accounts.sql);
-- this branch keeps the numbering gap-free until the branches merge, when h4's file replaces it.
SELECT 1;
