/**
 * The Windows I/O completion port backend: {@link io.polyloop.iocp.IocpBackendProvider}. Every native call goes
 * through {@link io.polyloop.iocp.Win32} ({@link io.polyloop.iocp.JnaWin32} on Windows), Windows constants live in
 * {@link io.polyloop.iocp.WinConstants}, struct layouts in {@link io.polyloop.iocp.Layouts}. Not exported: the bundle
 * only registers its provider.
 */
package io.polyloop.iocp;
