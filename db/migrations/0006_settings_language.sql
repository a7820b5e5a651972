-- The organisation's default language for the web app and statements (issue 6): English or Malay.
alter table settings add column language text not null default 'en' check (language in ('en', 'ms'));
