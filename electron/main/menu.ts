import { Menu, type MenuItemConstructorOptions } from 'electron';

export interface MenuActions {
  openCatalogue(): void;
  newCatalogue(): void;
  openServer(): void;
}

export function buildMenu(actions: MenuActions): Menu {
  const template: MenuItemConstructorOptions[] = [
    {
      label: 'Berkas / File',
      submenu: [
        { label: 'Buka katalog… / Open catalogue…', accelerator: 'CmdOrCtrl+O', click: actions.openCatalogue },
        { label: 'Katalog baru… / New catalogue…', accelerator: 'CmdOrCtrl+N', click: actions.newCatalogue },
        { label: 'Buka katalog tim di server… / Open team catalogue on a server…', accelerator: 'CmdOrCtrl+Shift+O', click: actions.openServer },
        { type: 'separator' },
        { role: 'quit', label: 'Keluar / Quit' },
      ],
    },
    { role: 'editMenu' },
    { role: 'viewMenu' },
    { role: 'windowMenu' },
  ];
  return Menu.buildFromTemplate(template);
}
